#pragma once
// How the board watches one host: already parsed, validated here.

#include "common/time/budget.hpp"
#include "time_types.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace icd::board {

struct HostConfig {
    std::string id;
    // The host's id on its link; the fence tie-break prefers the lower one.
    unsigned hostId = 0;
    // The hosts that may fence this one and hear about its power, by id;
    // nullopt: every other host of the board. Peers must name each other.
    std::optional<std::vector<std::string>> peers;
    Duration heartbeatTimeout{std::chrono::seconds(30)};
    // After the board powers the host on, before heartbeats are required.
    Duration bootGrace{std::chrono::seconds(180)};
    // The host stays off at least this long (counted from the confirmed off).
    Duration offTime{std::chrono::seconds(5)};
    // At most `burst` power-cycles within `interval`; one more powers the host
    // off and latches it. Burst 0: the first failure already latches.
    pgm::Budget cycles{3, std::chrono::hours(1)};
    // A relay command not confirmed within this counts as failed ...
    Duration relayTimeout{std::chrono::seconds(10)};
    // ... and is sent again after this.
    Duration relayRetryDelay{std::chrono::seconds(5)};
};

// Settings of the board as the cluster's arbiter.
struct FenceSettings {
    // How long a fence request against a host that still heartbeats waits
    // for that host's counter request (FenceRaceWindow=).
    Duration raceWindow{std::chrono::milliseconds(500)};
};

// The peers of `host` among `hosts`: its Peers= list, or every other host.
std::vector<std::string> effectivePeers(const HostConfig& host, const std::vector<HostConfig>& hosts);

// What is wrong with the hosts' peers (configProblems() includes them as
// "host <host>: <message>"), for a caller that can say where each was set.
struct PeerProblem {
    std::string host;
    std::string message;
};
std::vector<PeerProblem> peerProblems(const std::vector<HostConfig>& hosts);

// Every problem in the list, each naming its host, e.g. "host node-a: cycle
// window 30min must exceed 3 x (...) = 32min 15s, or the cycle limit never trips".
std::vector<std::string> configProblems(const std::vector<HostConfig>& hosts, const FenceSettings& fence = {});

class InvalidBoardConfig : public std::invalid_argument {
public:
    explicit InvalidBoardConfig(const std::vector<std::string>& problems);
    const std::vector<std::string>& problems() const { return problems_; }

private:
    std::vector<std::string> problems_;
};

} // namespace icd::board
