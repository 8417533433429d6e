#pragma once
// A simulated independent computer on the scenario's fake clock: it watches each host's
// heartbeats, switches a silent host off after its timeout, grants or
// refuses fence requests with the tie-break of pgm-icd (icd/board/README.md:
// more active paired groups wins, then the lower host id, when both hosts of
// a partition ask within the race window), and tells the hosts what it did
// (PEER_NOTICE Fencing and Off). An "old" board knows none of it and answers
// every fence request with NAK unknown-type.

#include "core/time.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgmd::scenario {

struct BoardSettings {
    bool present = false;
    bool old = false;                                      // `version old`: no fence requests, no notices
    Duration timeout{std::chrono::milliseconds(500)};      // silent this long: switched off
    Duration raceWindow{std::chrono::milliseconds(500)};   // FenceRaceWindow=
    Duration offDelay{std::chrono::milliseconds(100)};     // relay off and its readback
    Duration delay{std::chrono::milliseconds(1)};          // the serial line, either way
};

// What the board says or does, due at a moment.
struct BoardOutput {
    enum class Kind {
        Ack,          // to: the requester; about: the target
        Refused,      // NAK refused
        UnknownType,  // NAK unknown-type (an old board)
        NotPeer,      // NAK unknown-host / not-peer
        Fencing,      // PEER_NOTICE Fencing about `about`, asked by `by` (or "heartbeat timeout")
        Off,          // PEER_NOTICE Off about `about`
        SwitchOff,    // to "-": the relay switches `about` off (why in `by`)
    };
    MonoTime at;
    std::uint64_t seq = 0;
    Kind kind = Kind::Ack;
    std::string to;
    std::string about;
    std::string by;
};

class SimBoard {
public:
    explicit SimBoard(BoardSettings settings) : settings_(settings) {}

    const BoardSettings& settings() const { return settings_; }
    void addHost(const std::string& name, std::uint8_t id);
    std::uint8_t hostId(const std::string& name) const;
    std::string nameOf(std::uint8_t id) const;

    // The host's pgmd heartbeats (it started), or stopped doing so: died,
    // hung, crashed. `disarmed`: it stopped cleanly and said so.
    void beating(const std::string& name, bool on, bool disarmed, MonoTime now);
    void fencePeer(const std::string& from, const std::string& target, std::uint16_t activeCount, MonoTime now);

    std::optional<MonoTime> nextDue() const;
    // Due by `now`, in order; the board's own steps (a race window ending, a
    // heartbeat timeout, a relay confirming off) are taken on the way.
    std::vector<BoardOutput> takeDue(MonoTime now);

private:
    struct Host {
        std::uint8_t id = 0;
        bool beating = false;
        bool armed = false;
        bool cycling = false;  // being switched off
        bool off = false;      // switched off, until it boots and heartbeats again
        std::uint64_t silence = 0;  // which silence a timeout check belongs to
    };
    struct Request {
        std::string from;
        std::string target;
        std::uint16_t active = 0;
        MonoTime decideAt;
        bool open = true;
    };
    enum class Step { Output, Decide, SilenceCheck, Confirm };
    struct Item {
        MonoTime at;
        std::uint64_t seq = 0;
        Step step = Step::Output;
        BoardOutput output;    // Step::Output
        std::size_t request = 0;  // Step::Decide
        std::string host;      // SilenceCheck, Confirm
        std::uint64_t silence = 0;
        std::string why;       // Confirm
    };

    void say(MonoTime at, BoardOutput::Kind kind, const std::string& to, const std::string& about,
             const std::string& by = {});
    void schedule(Item item);
    // Answers `r` and, when granted, fences its target.
    void grant(Request& r, MonoTime now);
    void refuse(Request& r, MonoTime now);
    void switchOff(const std::string& host, const std::string& why, MonoTime now);
    std::vector<std::string> peersOf(const std::string& host) const;

    BoardSettings settings_;
    std::map<std::string, Host> hosts_;
    std::vector<Request> requests_;
    std::vector<Item> items_;
    std::uint64_t seq_ = 0;
};

} // namespace pgmd::scenario
