#include "host_sink.hpp"

#include "current_config.hpp"
#include "overloaded.hpp"
#include "state_persistence.hpp"

#include "log/journal.hpp"
#include "resources/resource_checker.hpp"
#include "systemd/systemd_client.hpp"

namespace pgmd {

HostSink::HostSink(ActionExecutor& executor, const CurrentConfig& config, SystemdClient& systemd,
                   ResourceChecker& resources, StatePersistence& persistence)
    : ActionSink(executor), config_(config), systemd_(systemd), resources_(resources), persistence_(persistence)
{
}

std::optional<MemberSpec> HostSink::transientMember(const std::string& unit, std::string* slice) const
{
    const GroupSpec* g = groupOfUnit(config_.get(), unit);
    if (!g)
        return std::nullopt;
    for (const MemberSpec& m : g->members)
        if (m.name == unit && m.isTransient) {
            *slice = groupSlice(*g);
            MemberSpec run = m;
            run.environment.push_back("PGMD_GROUP=" + g->name);
            return run;
        }
    return std::nullopt;
}

void HostSink::perform(const Action& action)
{
    std::string slice;
    std::visit(
        Overloaded{
            [&](const StartUnit& a) {
                if (auto m = transientMember(a.unit, &slice))
                    systemd_.startTransient(*m, slice, JobKind::Start);
                else
                    systemd_.startUnit(a.unit);
            },
            [&](const RestartUnit& a) {
                if (auto m = transientMember(a.unit, &slice))
                    systemd_.startTransient(*m, slice, JobKind::Restart);
                else
                    systemd_.restartUnit(a.unit);
            },
            [&](const StopUnit& a) { systemd_.stopUnit(a.unit); },
            [&](const ResetFailedUnit& a) { systemd_.resetFailedUnit(a.unit); },
            [&](const CheckResource& a) { resources_.check(a.resource); },
            [&](const ReinitResource& a) { resources_.reinit(a.resource); },
            [&](const RebootHost& a) { reboot(a); },
            kIgnoreOthers,
        },
        action);
}

void HostSink::reboot(const RebootHost& action)
{
    // The reboot count must be on disk before the host goes down; if it
    // cannot be, rebooting is still better than not.
    try {
        persistence_.saveNow();
    } catch (const std::exception& e) {
        log::error(std::string("cannot save state before rebooting: ") + e.what());
    }
    log::error("rebooting the host: " + action.reason);
    systemd_.reboot();
}

} // namespace pgmd
