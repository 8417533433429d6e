#include "bus_publisher.hpp"

#include "overloaded.hpp"

#include "bus/bus_server.hpp"
#include "core/engine.hpp"
#include "log/journal.hpp"

#include "common/loop/event_loop.hpp"

#include <utility>

namespace pgmd {

BusPublisher::BusPublisher(ActionExecutor& executor, BusServer& bus, const Engine& engine, pgm::EventLoop& loop)
    : ActionSink(executor), bus_(bus), engine_(engine),
      propertiesChanged_(loop.get(), [this] { publishProperties(); }, "PropertiesChanged", SD_EVENT_PRIORITY_IDLE)
{
}

const char* BusPublisher::layerOf(const std::string& group) const
{
    const GroupRuntime* g = engine_.findGroup(group);
    return g ? toString(g->spec->layer) : "";
}

void BusPublisher::perform(const Action& action)
{
    std::visit(
        Overloaded{
            [&](const StateChanged& a) { publishStateChange(a); },
            [&](const RequestActivation& a) {
                log::info("group " + a.group + ": asking the application to become " + toString(a.state) +
                          " (incarnation " + std::to_string(a.incarnation) + ")");
                bus_.emitActivationRequested(a.group, toString(a.state), a.incarnation);
            },
            [&](const EscalationTaken& a) {
                log::escalation(a.group, layerOf(a.group), toString(a.step), a.reason);
                bus_.emitEscalationStep(a.group, toString(a.step), a.reason);
            },
            [&](const GroupAdopted& a) {
                log::info("group " + a.group + " adopted in state " + toString(a.state) +
                          ": its members kept running while pgmd restarted");
                changedGroups_.insert(a.group);
            },
            [&](const ResourceSetUp& a) {
                log::info("resource " + a.resource + " is not ready yet (" + a.reason +
                          "): setting it up with its Reinit= command");
            },
            [&](const GroupUpdated& a) { changedGroups_.insert(a.group); },
            [&](const ResourceUpdated& a) { changedResources_.insert(a.resource); },
            [&](const ManagerUpdated&) { managerChanged_ = true; },
            kIgnoreOthers,
        },
        action);
}

// Interested clients learn of births and deaths with the group's key: a new
// incarnation is born when the group starts running, and it dies when the
// group stops running (a switch between standby and active is neither).
void BusPublisher::publishStateChange(const StateChanged& a)
{
    log::transition(a.group, layerOf(a.group), toString(a.from), toString(a.to), a.reason);
    bus_.emitGroupStateChanged(a.group, toString(a.from), toString(a.to), a.reason);
    changedGroups_.insert(a.group);
    if (!isRunning(a.from) && isRunning(a.to))
        bus_.notifyBorn(a.group, a.incarnation);
    else if (isRunning(a.from) && !isRunning(a.to))
        bus_.notifyDied(a.group, a.incarnation, a.reason);
}

// One PropertiesChanged per object for the whole burst, and not at once:
// systemd announces a failure in two signals (the service's
// properties, then the unit's), and the first must not delay the restart
// that the second brings. Idle priority puts the publishing after both.
void BusPublisher::batchDone()
{
    if (!changedGroups_.empty() || !changedResources_.empty() || managerChanged_)
        propertiesChanged_.trigger();
}

void BusPublisher::publishProperties()
{
    std::set<std::string> changed;
    changed.swap(changedGroups_);
    for (const std::string& g : changed)
        bus_.groupChanged(g);
    std::set<std::string> changedResources;
    changedResources.swap(changedResources_);
    for (const std::string& r : changedResources)
        bus_.resourceChanged(r);
    if (std::exchange(managerChanged_, false))
        bus_.managerChanged();
}

} // namespace pgmd
