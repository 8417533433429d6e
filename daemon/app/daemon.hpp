#pragma once
// The running pgmd, put together: the engine, the adapters that feed it
// (systemd's signals, the resource checks, the bus's commands) and the sinks
// that carry out its actions. It forwards systemd's events into the engine
// and hands the bus the view and the operator commands; it decides nothing
// itself, and it builds nothing it could be given: main() and the tests pass
// the clock, the systemd adapter, the state writer and the boot identity.

#include "action_executor.hpp"
#include "bus_view.hpp"
#include "current_config.hpp"
#include "debug_trace.hpp"
#include "engine_timer.hpp"
#include "host_sink.hpp"
#include "log_level.hpp"
#include "operator_commands.hpp"
#include "reloader.hpp"
#include "request_audit_log.hpp"
#include "state_persistence.hpp"

#include "bus/state_source.hpp"
#include "cluster/cluster_link.hpp"
#include "core/engine.hpp"
#include "resources/resource_checker.hpp"
#include "systemd/systemd_listener.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace sdbus {
class IConnection;
}

namespace pgm {
class EventLoop;
}

namespace pgmd {

class BusPublisher;
class BusServer;
class BoardLinkSink;
class ClusterCoordinator;
class StateWriter;
class SystemdClient;

// What the daemon is given rather than builds.
struct DaemonParts {
    pgm::EventLoop& loop;
    // Serves org.pgmd1; attached to `loop`.
    sdbus::IConnection& apiBus;
    const Clock& clock;
    // Writes the state file (in the configuration's StateDirectory=).
    StateWriter& stateWriter;
    // The systemd adapter, reporting to the listener it is given (the
    // daemon): on a connection attached to `loop`.
    std::function<std::unique_ptr<SystemdClient>(SystemdListener&)> makeSystemd;
    // Which boot this is (see boot_identity.hpp); asked once, by start().
    std::function<std::string(SystemdClient&)> bootIdentity;
    // --log-level: overrides LogLevel= until pgmd restarts.
    std::optional<int> logLevel = std::nullopt;
    // The link to corosync, used only when pgmd.conf has [Cluster]; it
    // reports to the listener it is given, on `loop`.
    std::function<std::unique_ptr<cluster::ClusterLink>(cluster::ClusterListener&)> makeClusterLink = {};
};

class Daemon final : private SystemdListener {
public:
    // `configDir` is where Reload and CheckConfig read the configuration again.
    // With `staleBecause`, `config` is the last good copy, not what
    // `configDir` holds, for that reason (its errors): pgmd says so and takes
    // the files in `configDir` as soon as they load.
    Daemon(Config config, std::string configDir, DaemonParts parts,
           std::optional<std::string> staleBecause = std::nullopt);
    ~Daemon() override;

    // Places the members in their slices, restores the saved state, publishes
    // the objects and starts managing. Throws on failures that make running pointless.
    void start();
    // Saves the state synchronously (clean shutdown, before a reboot).
    void saveNow();
    // pgmd stops: tells the independent computer to stop expecting
    // heartbeats, or, when the host reboots, to expect them again within its
    // boot grace. Asks systemd (synchronously) whether a reboot is queued.
    void stopIndependentComputer();

    // What the bus shows, and what it forwards (operator commands, reload).
    const StateView& view() const { return view_; }
    OperatorRequests& requests() { return commands_; }

private:
    // SystemdListener
    void onUnitChanged(const std::string& unit, UnitActivity activity, const std::string& detail) override;
    void onJobFinished(const std::string& unit, JobKind kind, const std::string& result) override;
    void onOutsideJob(const std::string& unit, std::uint32_t jobId) override;
    void onOutsideJobFinished(const std::string& unit, std::uint32_t jobId, const std::string& result,
                              UnitActivity activity) override;
    void onUnitDetailsChanged(const std::string& unit) override;
    void onSystemdError(const std::string& what) override;
    void onRebootRefused(const std::string& why) override;

    void announceMembers(const std::string& unit, Actions& out) const;
    Reloader::Hooks reloadHooks();

    pgm::EventLoop& loop_;
    sdbus::IConnection& apiBus_;
    const Clock& clock_;
    const std::function<std::string(SystemdClient&)> bootIdentity_;
    const std::function<std::unique_ptr<cluster::ClusterLink>(cluster::ClusterListener&)> makeClusterLink_;
    CurrentConfig config_;
    LogLevelSetting logLevel_;
    Engine engine_;
    ActionExecutor executor_;  // before the sinks: they unregister when they go
    DebugTrace debugTrace_;    // the first sink: an action is logged before it is carried out
    std::unique_ptr<SystemdClient> systemd_;
    ResourceChecker resources_;
    EngineTimer engineTimer_;
    StatePersistence persistence_;
    HostSink host_;
    BusView view_;
    Reloader reloader_;
    OperatorCommands commands_;
    RequestAuditLog audit_;
    // From start() on.
    std::unique_ptr<BusServer> bus_;
    std::unique_ptr<BusPublisher> publisher_;
    std::unique_ptr<BoardLinkSink> icd_;  // none without [IndependentComputer]
    std::unique_ptr<ClusterCoordinator> cluster_;  // none without [Cluster]
};

} // namespace pgmd
