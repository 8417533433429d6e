#pragma once
// The running pgmd: feeds what systemd, the resource checks, the timers and the
// bus report into the engine, and carries out the engine's actions. It decides
// nothing itself; recovery logic lives in the core.

#include "bus/state_source.hpp"
#include "core/engine.hpp"
#include "common/loop/directory_watch.hpp"
#include "common/loop/event_loop.hpp"
#include "common/loop/oneshot_timer.hpp"
#include "persist/state_writer.hpp"
#include "common/loop/system_clock.hpp"
#include "resources/resource_checker.hpp"
#include "systemd/systemd_client.hpp"

#include <deque>
#include <memory>
#include <set>
#include <string>

namespace sdbus {
class IConnection;
}

namespace pgmd {

class BusServer;
class IcdWiring;

class Daemon final : private SystemdListener, public StateSource {
public:
    // `systemdBus` and `apiBus` are two connections to the system bus, both
    // attached to `loop`: one for systemd's signals and jobs, one serving org.pgmd1.
    // `configDir` is where Reload and CheckConfig read the configuration again.
    // With `staleBecause`, `config` is the last good copy, not what
    // `configDir` holds, for that reason (its errors): pgmd says so and takes
    // the files in `configDir` as soon as they load.
    Daemon(Config config, std::string configDir, pgm::EventLoop& loop, sdbus::IConnection& systemdBus,
           sdbus::IConnection& apiBus, std::optional<std::string> staleBecause = std::nullopt);
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

    // StateSource
    std::vector<std::string> groupNames() const override;
    using StateSource::group;
    std::optional<GroupInfo> group(const std::string& name, GroupFields wanted) const override;
    ManagerInfo manager() const override;
    OpResult offline(const std::string& group) override;
    OpResult online(const std::string& group) override;
    OpResult restart(const std::string& group) override;
    OpResult restartMember(const std::string& group, const std::string& unit) override;
    OpResult resetFailed(const std::string& group) override;
    OpResult activate(const std::string& group) override;
    OpResult deactivate(const std::string& group) override;
    OpResult acknowledge(const std::string& group, const std::string& state, std::uint64_t incarnation) override;
    OpResult reportFault(const std::string& group, const std::string& recovery, const std::string& unit,
                         const std::string& reason) override;
    OpResult reload() override;
    std::vector<std::string> checkConfig() override;
    OpResult resetFailedAll() override;

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

    void execute(Actions actions);
    void perform(const Action& action);
    void afterBatch();
    OpResult operatorResult(OperatorResult r);
    std::string bootIdentity();
    // The inline member `unit` as systemd should run it, or nothing for an existing unit.
    std::optional<MemberSpec> transientMember(const std::string& unit, std::string* slice) const;
    void publishStateChange(const StateChanged& change);
    // Reload and the retries of a stale configuration; `trigger` says which in the log.
    OpResult loadAndApply(const std::string& trigger);
    // The configuration directory has errors: the running configuration is
    // stale. Watches the directory so that fixed files are noticed.
    void markStale(std::string reason);
    void clearStale();
    void retryStaleConfig();
    const char* layerOf(const std::string& group) const;

    std::unique_ptr<Config> config_;  // replaced by reload(); the engine points into it
    const std::string configDir_;
    TimePoint configLoadedAt_;
    pgm::EventLoop& loop_;
    sdbus::IConnection& apiBus_;
    pgm::SystemClock clock_;
    Engine engine_;
    SystemdClient systemd_;
    ResourceChecker resources_;
    std::unique_ptr<BusServer> bus_;
    std::unique_ptr<IcdWiring> icd_;  // none without [IndependentComputer]
    std::deque<Action> queue_;
    std::set<std::string> changedGroups_;
    bool managerChanged_ = false;
    bool draining_ = false;
    bool persistedThisBatch_ = false;  // see PersistNow
    StateWriter writer_;
    pgm::OneShotTimer saveTimer_;
    std::optional<std::string> staleBecause_;  // set while the configuration directory has errors
    std::unique_ptr<pgm::DirectoryWatch> configWatch_;  // only while stale
    pgm::OneShotTimer retryTimer_;
};

} // namespace pgmd
