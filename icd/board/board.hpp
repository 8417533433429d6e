#pragma once
// The board: one HostWatch per configured host, the clock, and what is
// persisted. Events come in as calls, effects go out as Actions (executed in
// order by the daemon); no I/O and no clock calls of its own.

#include "board_actions.hpp"
#include "board_events.hpp"
#include "board_snapshot.hpp"
#include "fence_rules.hpp"
#include "time_types.hpp"
#include "host_config.hpp"
#include "host_watch.hpp"
#include "peer_notices.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace icd::board {

// A host asks the board to fence one of its peers (see fence_rules.hpp).
struct FenceRequest {
    std::string target;
    unsigned activeGroups = 0;  // the requester's active paired groups: the tie-break's first key
    std::uint32_t token = 0;    // handed back in the FenceAnswer
};

// How the board sees a host, for a peer's query.
struct PeerView {
    Refusal refusal = Refusal::None;  // UnknownHost or NotPeer: nothing else is filled in
    HostState state = HostState::Disarmed;
    PowerState power = PowerState::Unknown;
    std::optional<Duration> sinceHeard;  // since its last hello or beat in this run; nullopt: none yet
};

class Board {
public:
    // Throws InvalidBoardConfig naming every problem. `bootId` identifies this
    // boot of the board (e.g. /proc/sys/kernel/random/boot_id).
    Board(std::vector<HostConfig> hosts, const Clock& clock, std::string bootId, FenceSettings fence = {});

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

    // The board as fencer and arbiter. A fence request is answered by a
    // FenceAnswer with the request's token: at once, or when decided (a
    // counter request, the race window's end, the target switched off for
    // another reason), from a later call. Repeated requests of the same
    // requester against the same target join the waiting one and get the
    // same answer. Waiting requests are not persisted: a restarted board
    // holds no sessions, and the hosts ask again.
    Actions requestFence(const std::string& requester, const FenceRequest& request);
    // The host acknowledged notice `id`; nothing is sent. Unknown ids are ignored.
    void acknowledgeNotice(const std::string& host, std::uint32_t id);
    // The notices `host` has not acknowledged: send them again after each
    // answer to that host and when its new session comes into use.
    std::vector<Notice> outstandingNotices(const std::string& host) const { return notices_.outstanding(host); }
    PeerView viewOfPeer(const std::string& requester, const std::string& target) const;
    // Its Peers=, or every other host.
    const std::vector<std::string>& peersOf(const std::string& host) const;
    std::size_t fencesWaiting() const { return waiting_.size(); }

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
    // After every change: rule on waiting fence requests, add the notices
    // the actions call for, then persistIfChanged().
    Actions finish(const BoardSnapshot& before, Actions actions);

    // board_fencing.cpp
    struct WaitingFence {
        unsigned activeGroups = 0;
        std::vector<std::uint32_t> tokens;
        MonoTime until;
    };
    using FenceKey = std::pair<std::string, std::string>;  // requester, target
    void settleFences(Actions& out);
    FenceSituation situationOf(const FenceKey& key, const WaitingFence& fence) const;
    void applyRuling(const FenceKey& key, const WaitingFence& fence, const FenceRuling& ruling, Actions& out);
    Actions withNotices(const BoardSnapshot& before, Actions actions);
    void noticeToPeers(const std::string& host, NoticeEvent event, bool toItself, Actions& out);

    std::vector<HostWatch> hosts_;
    const Clock& clock_;
    std::string bootId_;
    FenceSettings fence_;
    std::map<std::string, std::vector<std::string>> peers_;
    std::map<FenceKey, WaitingFence> waiting_;
    // Who asked for the fence of a host, until it is powered on again.
    std::map<std::string, std::string> fencedBy_;
    PeerNotices notices_;
};

} // namespace icd::board
