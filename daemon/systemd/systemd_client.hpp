#pragma once
// The only code that talks to org.freedesktop.systemd1. Thin on purpose: it
// turns the engine's wishes into systemd calls and systemd's signals into
// listener calls, and decides nothing itself.
//
// Start-up order: subscribe(), watch(), installDropIns(), queryActivity().
// Job calls never block; their outcome arrives through the listener.

#include "job_tracker.hpp"
#include "queued_jobs.hpp"
#include "runtime_unit_files.hpp"
#include "systemd_listener.hpp"
#include "throttle.hpp"
#include "unit_status.hpp"

#include "core/engine.hpp"
#include "core/model.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <sdbus-c++/IProxy.h>
#include <sdbus-c++/TypeTraits.h>

namespace sdbus {
class IConnection;
class Message;
}

namespace pgmd {

class SystemdClient {
public:
    // Well below the system bus's defaults (see throttle.hpp), which other
    // calls on the same connection and other clients' jobs share.
    static constexpr unsigned maxCallsAwaitingReply = 64;
    static constexpr unsigned maxPendingJobs = 128;

    // The connection must be driven by the caller's event loop. Listener calls
    // must not throw: an exception cannot cross sd-bus's C dispatch and would
    // end the process.
    SystemdClient(sdbus::IConnection& systemBus, SystemdListener& listener,
                  std::string runtimeUnitDirectory = defaultRuntimeUnitDirectory);
    ~SystemdClient();
    SystemdClient(const SystemdClient&) = delete;
    SystemdClient& operator=(const SystemdClient&) = delete;

    // Manager.Subscribe plus the signal matches. Call once. Throws sdbus::Error.
    void subscribe();

    // The units whose ActiveState changes are reported; replaces the set.
    void watch(const std::vector<std::string>& units);

    // What is known of a watched unit; nullptr if nothing yet.
    const UnitStatus* status(const std::string& unit) const;

    // Synchronous: for start-up and --check-config only. A unit that cannot
    // be looked up maps to Unknown (reported through onSystemdError).
    std::map<std::string, UnitActivity> queryActivity(const std::vector<std::string>& units);
    // Synchronous, start-up only: when each unit last left the inactive state
    // (InactiveExitTimestampMonotonic, usec on CLOCK_MONOTONIC). Units that
    // cannot be asked, or never started, are missing from the result.
    std::map<std::string, std::uint64_t> lastStarted(const std::vector<std::string>& units);
    // When this systemd instance started (its UserspaceTimestamp, usec):
    // together with the kernel's boot id it tells one boot from the next, also
    // in a container whose "reboot" restarts only systemd. Throws sdbus::Error.
    std::uint64_t managerStartTime();
    // True unless systemd finds no unit file; std::nullopt if systemd cannot be asked.
    std::optional<bool> unitExists(const std::string& unit);
    // The same for many units with one call (a thousand members: one round trip).
    std::map<std::string, std::optional<bool>> unitsExist(const std::vector<std::string>& units);

    // Asynchronous jobs (mode "replace"); each ends in exactly one
    // onJobFinished. Start and restart reset the unit's failed state and start
    // rate limit first: pgmd, not systemd, decides how often a unit restarts.
    // A stop does not, so a failed unit taken down stays visibly failed. Beyond
    // maxPendingJobs jobs or maxCallsAwaitingReply calls, requests wait their
    // turn in order. If a call cannot even be sent, the listener may hear
    // about it before the method returns.
    void startUnit(const std::string& unit);
    void restartUnit(const std::string& unit);
    void stopUnit(const std::string& unit);
    // Reset-failed alone (a cold standby's member, which stays stopped). It
    // waits behind the jobs waiting their turn, so that it never overtakes a
    // stop of the same unit, but holds no job slot.
    void resetFailedUnit(const std::string& unit);
    // Runs an inline member as a transient service in `slice`. If the unit is
    // still loaded (pgmd restarted while it ran, or it failed), it is reset and
    // started or restarted as it is instead.
    void startTransient(const MemberSpec& member, const std::string& slice, JobKind kind);

    // Synchronous, start-up only: writes the slice units and the members'
    // drop-ins, then reloads systemd if any file changed. Returns whether it
    // reloaded. Throws std::system_error or sdbus::Error.
    bool installDropIns(const std::vector<GroupSpec>& groups);

    // StartUnit("reboot.target", "replace-irreversibly"); a refusal goes to onRebootRefused.
    void reboot();

    // Synchronous, for a stopping pgmd: whether systemd has a start job for
    // reboot.target or kexec.target queued (see rebootQueued()). Asks over
    // the bus, or over systemd's private socket when the bus is gone.
    // Throws std::runtime_error naming both failures, also when systemd does
    // not answer within a few seconds.
    bool rebootJobQueued();

private:
    struct UnitInfo {
        std::string loadState;
        std::string activeState;
        std::string subState;
    };
    // LoadUnit, then a proxy of the unit's object. Throws sdbus::Error.
    std::unique_ptr<sdbus::IProxy> unitProxy(const std::string& unit);
    UnitInfo inspect(const std::string& unit);
    std::map<std::string, UnitInfo> listUnits(const std::vector<std::string>& units);

    void resetFailed(const std::string& unit);
    // A job holds a slot of jobSlots_ from its call until its JobRemoved.
    void queueJob(JobKind kind, const std::string& unit, bool resetFirst);
    // `ifUnloaded` runs when systemd no longer knows the unit; it returns
    // whether it took the job over (the slot stays held), else the job fails.
    void sendJob(JobKind kind, const std::string& unit, std::function<bool()> ifUnloaded = {});
    // A transient unit may be collected between our calls: a few attempts.
    static constexpr unsigned kTransientAttempts = 3;
    void sendTransient(const MemberSpec& member, const std::string& slice, JobKind kind, unsigned attempt = 0);
    void jobReply(JobTracker::Ticket, const std::string& unit, JobKind kind, const sdbus::Error* error,
                  const std::string& jobPath);
    void jobFinished(const FinishedJob& job);
    void jobFailed(const std::string& unit, JobKind kind, const std::string& what);
    void onPropertiesChanged(sdbus::Message& message);
    void onJobRemoved(const std::string& jobPath, const std::string& result);

    sdbus::IConnection& bus_;
    SystemdListener& listener_;
    RuntimeUnitFiles unitFiles_;
    std::unique_ptr<sdbus::IProxy> manager_;
    sdbus::Slot unitSignals_;
    std::unordered_set<std::string> watched_;
    std::unordered_map<std::string, UnitStatus> status_;
    struct OutsideJob {
        std::string unit;
        std::uint32_t id = 0;
    };
    std::unordered_map<std::string, OutsideJob> outsideJobs_;  // job path -> what it changes
    JobTracker jobs_;
    Throttle calls_{maxCallsAwaitingReply};
    Throttle jobSlots_{maxPendingJobs};
};

} // namespace pgmd
