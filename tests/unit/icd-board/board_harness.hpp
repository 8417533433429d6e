#pragma once
// The board driven as pgm-icd drives it: a fake clock, a fake relay per host
// that answers commands from the "event loop" after the board's action list
// has been carried out, and a state file written on every Persist.

#include "board/board.hpp"
#include "board/snapshot_json.hpp"
#include "fake_relay_driver.hpp"

#include "common/time/manual_clock.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <ostream>

namespace icd::board {
// Readable gtest messages for the board's enums.
inline void PrintTo(HostState s, std::ostream* os) { *os << toString(s); }
inline void PrintTo(PowerState s, std::ostream* os) { *os << toString(s); }
inline void PrintTo(Refusal r, std::ostream* os) { *os << toString(r); }
inline void PrintTo(HostWatch::Phase p, std::ostream* os) { *os << toString(p); }
} // namespace icd::board

namespace icd::board::test {

using namespace std::chrono_literals;

// The defaults: timeout 30s, grace 3min, off time 5s, 3 cycles in 1h.
HostConfig hostConfig(const std::string& id);
// The same, with a link id (the fence tie-break's second key).
HostConfig hostConfig(const std::string& id, unsigned hostId);
// Hosts a (id 1), b (2) and c (3), each a peer of the others.
std::vector<HostConfig> threePeers();

class BoardHarness {
public:
    explicit BoardHarness(std::vector<HostConfig> hosts, std::string bootId = "boot-1", FenceSettings fence = {});
    // The board holds the clock and the relays' callbacks hold the harness.
    BoardHarness(const BoardHarness&) = delete;
    BoardHarness& operator=(const BoardHarness&) = delete;

    // An event for a host; the board's actions are carried out.
    void send(const std::string& host, const Event& event);
    // `requester` asks the board to fence `target`; the answer, if decided,
    // is in fenceAnswers().
    void fence(const std::string& requester, const std::string& target, unsigned activeGroups = 0,
               std::uint32_t token = 0);
    // Time passes; the board's timers fire when they are due and, with
    // autoRelay, every relay command is answered as soon as it is sent.
    void advance(Duration d);
    // pgm-icd stops and starts again: a new Board restored from the state
    // file as last saved. Unanswered relay commands are lost with it.
    void restart(const std::string& bootId);
    void restartSameBoot() { restart(bootId_); }

    // A hello from each of these hosts: all of them armed.
    void armAll(const std::vector<std::string>& hosts = {"a", "b", "c"});

    // Answers relay commands by hand (autoRelay off).
    bool confirmRelay(const std::string& host);
    bool failRelay(const std::string& host, const std::string& detail);
    bool answerRelay(const std::string& host, RelayResult result);
    void answerRelaysAsSent();

    const HostWatch& host(const std::string& id) const;
    HostState state(const std::string& id) const { return host(id).state(); }
    PowerState power(const std::string& id) const { return host(id).power(); }
    FakeRelayDriver& relay(const std::string& host) { return relays_[host]; }
    std::vector<RelayRequest> relayHistory(const std::string& host) { return relay(host).history(); }

    // Everything since the last clearLog(), in order.
    const Actions& log() const { return log_; }
    void clearLog() { log_.clear(); }
    std::vector<StateChanged> transitions(const std::string& host) const;
    std::vector<std::string> warnings(const std::string& host) const;
    std::vector<Reply> replies() const;
    Reply lastReply() const;
    std::size_t relayCommandsSent(const std::string& host) const;
    std::vector<FenceAnswer> fenceAnswers() const;
    // Notices sent to `to` (all hosts when empty).
    std::vector<Notice> notices(const std::string& to = "") const;

    pgm::ManualClock clock;
    bool autoRelay = true;
    std::unique_ptr<Board> board;
    std::string stateFile;  // the JSON as last persisted
    std::size_t persists = 0;

private:
    void execute(Actions actions);
    void sendRelay(const std::string& host, RelayCommand command);

    std::vector<HostConfig> configs_;
    FenceSettings fence_;
    std::string bootId_;
    std::map<std::string, FakeRelayDriver> relays_;
    Actions log_;
};

} // namespace icd::board::test
