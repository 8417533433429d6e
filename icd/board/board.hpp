#pragma once
// The board: one HostWatch per configured host, the clock, and what is
// persisted. Events come in as calls, effects go out as Actions (executed in
// order by the daemon); no I/O and no clock calls of its own.

#include "board_actions.hpp"
#include "board_events.hpp"
#include "board_snapshot.hpp"
#include "time_types.hpp"
#include "host_config.hpp"
#include "host_watch.hpp"

#include <optional>
#include <string>
#include <vector>

namespace icd::board {

class Board {
public:
    // Throws InvalidBoardConfig naming every problem. `bootId` identifies this
    // boot of the board (e.g. /proc/sys/kernel/random/boot_id).
    Board(std::vector<HostConfig> hosts, const Clock& clock, std::string bootId);

    // Call once, before any event, with the state file's content:
    // - off-latched stays latched; the power-off is sent again and confirmed;
    // - cycling starts again from power-off (then hold, then power-on);
    // - armed gets a fresh timeout after a pgm-icd restart, never an instant
    //   cycle; after a reboot of the board (another boot id) a boot grace,
    //   since the host may have lost power with the board;
    // - grace gets a fresh grace of the same kind (after a power-on, or after
    //   a reboot announcement); disarmed stays disarmed;
    // - cycle stamps, last action and counters carry over.
    // Hosts no longer configured are dropped with a Warning; configured hosts
    // the snapshot does not know start disarmed.
    Actions restore(const BoardSnapshot& saved);

    // An event for one host. A request for a host that is not configured is
    // refused (Refusal::UnknownHost).
    Actions handle(const std::string& host, const Event& event);
    // Call once nextDeadline() has passed (early calls do nothing).
    Actions onTimer();
    // On the Clock's monotonic scale.
    std::optional<MonoTime> nextDeadline() const;

    BoardSnapshot snapshot() const;
    const HostWatch* find(const std::string& host) const;
    const std::vector<HostWatch>& hosts() const { return hosts_; }
    // For status replies: cycles that still count against the limit.
    unsigned cyclesInWindow(const HostWatch& host) const { return host.cyclesInWindow(clock_.now()); }

private:
    HostWatch* watchOf(const std::string& host);
    Now now() const;
    // Puts a Persist first when the persisted state differs from `before`.
    Actions persistIfChanged(const BoardSnapshot& before, Actions actions) const;

    std::vector<HostWatch> hosts_;
    const Clock& clock_;
    std::string bootId_;
};

} // namespace icd::board
