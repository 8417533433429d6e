#pragma once
// The independent computer of a scenario: the real board logic
// (icd::board::Board, the one pgm-icd runs) on the scenario's fake clock,
// with what pgm-icd and the hosts around it would do simulated here and
// nothing decided here: each host's pgmd says hello and heartbeats while it
// runs (kBeatsPerTimeout beats per timeout), disarms on a clean stop, and
// falls silent when it crashes, hangs or dies; fence requests and answers,
// notices and heartbeats cross the serial line with its delay; each relay
// confirms off or on `off-delay` after its command. An "old" board (a
// pgm-icd before fencing) is the same board that answers every fence request
// with NAK unknown-type and sends no notices.

#include "board/board.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pgmd::scenario {

// pgmd heartbeats this many times per board timeout (HeartbeatInterval= is
// a third of the default timeout; a fifth keeps the scenarios' timings round).
inline constexpr int kBeatsPerTimeout = 5;

struct BoardSettings {
    bool present = false;
    bool old = false;                                      // `version old`: no fence requests, no notices
    Duration timeout{std::chrono::milliseconds(500)};      // the hosts' heartbeat timeout on the board
    Duration raceWindow{std::chrono::milliseconds(500)};   // FenceRaceWindow=
    Duration offDelay{std::chrono::milliseconds(100)};     // a relay command and its readback
    Duration delay{std::chrono::milliseconds(1)};          // the serial line, either way

    // pgmd's HeartbeatInterval=.
    Duration beatInterval() const { return timeout / kBeatsPerTimeout; }
};

// What the board says or does, due at a moment.
struct BoardOutput {
    enum class Kind {
        Ack,          // to: the requester; about: the target
        Refused,      // NAK refused
        UnknownType,  // NAK unknown-type (an old board)
        NotPeer,      // NAK not-peer or unknown-host (in `by`)
        Fencing,      // PEER_NOTICE Fencing about `about`, asked by `by` (or the cause)
        Off,          // PEER_NOTICE Off about `about`
        On,           // PEER_NOTICE On about `about`
        SwitchOff,    // to "-": the relay confirmed `about` off (why in `by`)
        SwitchOn,     // to "-": the relay confirmed `about` on
    };
    Kind kind = Kind::Ack;
    std::string to;
    std::string about;
    std::string by;
    std::uint32_t noticeId = 0;  // a notice's, for acknowledge()
};

class SimBoard {
public:
    SimBoard(BoardSettings settings, const pgm::Clock& clock) : settings_(settings), clock_(clock) {}

    const BoardSettings& settings() const { return settings_; }
    // Every host before the first event.
    void addHost(const std::string& name, std::uint8_t id);
    std::uint8_t hostId(const std::string& name) const;
    std::string nameOf(std::uint8_t id) const;

    // The host's pgmd starts (hello, then heartbeats), or stops doing so:
    // died, hung, crashed. `disarmed`: it stopped cleanly and said so.
    void beating(const std::string& name, bool on, bool disarmed);
    void fencePeer(const std::string& from, const std::string& target, std::uint16_t activeCount);
    // The host's pgmd received notice `id` (NOTICE_ACK).
    void acknowledge(const std::string& host, std::uint32_t id);

    // The board switches the host's power or holds it off: it cannot boot now.
    bool holdsOff(const std::string& host) const;

    std::optional<MonoTime> nextDue() const;
    // What is due by the clock's now, in order; the board's own timers and
    // the simulated line, relays and heartbeats are run on the way.
    std::vector<BoardOutput> takeDue();

private:
    // Something that happens on the line or at a relay at a moment.
    struct Item {
        MonoTime at;
        std::uint64_t seq = 0;
        enum class Step { Output, Beat, Event, Fence, Hello } step = Step::Output;
        std::string host;
        BoardOutput output;              // Output
        icd::board::Event event;         // Event: reaches the board
        icd::board::FenceRequest fence;  // Fence: from `host`
        std::uint64_t epoch = 0;         // Beat: which run of the host's pgmd
    };
    struct Host {
        std::uint8_t id = 0;
        bool beating = false;
        std::uint64_t epoch = 0;
        std::string why;  // why it is being switched off, for the trace
    };

    icd::board::Board& board();
    void schedule(Item item);
    // Over the line (or from a relay): `event` reaches the board at `at`.
    void toBoard(const std::string& host, icd::board::Event event, MonoTime at);
    // Over the line to the host.
    void toHost(const std::string& host, BoardOutput output);
    void carry(const icd::board::Actions& actions);
    void take(const Item& item, std::vector<BoardOutput>& out);

    BoardSettings settings_;
    const pgm::Clock& clock_;
    std::map<std::string, Host> hosts_;
    std::unique_ptr<icd::board::Board> board_;  // built at the first event, with every host
    std::vector<Item> items_;
    std::uint64_t seq_ = 0;
};

} // namespace pgmd::scenario
