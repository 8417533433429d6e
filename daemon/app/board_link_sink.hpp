#pragma once
// The independent computer in the running pgmd: builds the link pgmd.conf
// asks for, publishes /org/pgmd1/icd, logs every link event, carries out the
// engine's power-cycle requests, and when pgmd stops tells the board whether
// the host shuts down (DISARM) or reboots (EXPECT_REBOOT).

#include "action_executor.hpp"

#include "core/model.hpp"
#include "board_link/icd_object.hpp"
#include "board_link/link.hpp"
#include "board_link/stop_reason.hpp"
#include "common/loop/event_loop.hpp"

#include <memory>
#include <string>

namespace sdbus {
class IConnection;
}

namespace pgmd {

class BoardLinkSink final : public ActionSink {
public:
    // Nothing when pgmd.conf has no [IndependentComputer].
    // Registers with `executor` as the sink of the board's actions.
    // RequestPowerCycle is reported to `audit`.
    static std::unique_ptr<BoardLinkSink> create(const ManagerSpec& manager, pgm::EventLoop& loop,
                                                 sdbus::IConnection& apiBus, const Clock& clock,
                                                 ActionExecutor& executor, RequestAudit& audit);
    ~BoardLinkSink() override;

    // Opens the line and starts the heartbeats, then registers the object
    // (before pgmd takes its bus name). A link that cannot start (no key
    // file, no device) is logged and shown as down: pgmd goes on managing
    // its groups, and the board sees no heartbeats.
    void start();
    // pgmd stops: DISARM, or EXPECT_REBOOT when the host is rebooting (the
    // ladder's reboot step was taken, or `rebootJobQueued`: systemd has a
    // reboot queued), then no more heartbeats.
    void stop(bool rebootJobQueued);

    // RequestPowerCycle, and EscalationTaken for the reboot step.
    void perform(const Action& action) override;
    // The link is set up once; a reload that changes it takes effect at the next start.
    void onReload(const ManagerSpec& next) const;

    // Fencing through the board, for the cluster: where the board's news
    // about peers goes (at once the current FenceAbility), and the requests.
    // Empty when on their way; otherwise why they cannot be sent.
    void setBoardListener(boardlink::BoardEventListener listener);
    std::string fencePeer(icd::HostId target, std::uint16_t activeGroups);
    std::string queryPeer(icd::HostId target);

private:
    BoardLinkSink(const IndependentComputerSpec& spec, pgm::EventLoop& loop, sdbus::IConnection& apiBus,
                  const Clock& clock, ActionExecutor& executor, RequestAudit& audit);
    // An escalation step was taken: the reboot step is remembered for stop()
    // (recording, not deciding).
    void onEscalation(const EscalationTaken& step);
    // Asks the board for a power cycle (the engine decided it); a link that
    // is down or a board that refuses is logged.
    void requestPowerCycle(const RequestPowerCycle& request);
    void onLinkEvent(const boardlink::LinkEvent& event);

    const IndependentComputerSpec spec_;
    pgm::EventLoop& loop_;
    sdbus::IConnection& apiBus_;
    const Clock& clock_;
    std::unique_ptr<boardlink::Link> link_;
    boardlink::StopReasonTracker stopReasons_;
    std::string unavailable_;
    RequestAudit& audit_;
    std::unique_ptr<RequestGate> gate_;
    std::unique_ptr<boardlink::IcdObject> object_;
};

} // namespace pgmd
