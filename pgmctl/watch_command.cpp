#include "watch_command.hpp"

#include "bus_names.hpp"
#include "exit_status.hpp"
#include "list_view.hpp"
#include "termination_signals.hpp"
#include "wall_clock.hpp"

#include <sdbus-c++/sdbus-c++.h>
#include <systemd/sd-bus.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <poll.h>
#include <set>
#include <stdexcept>
#include <utility>

namespace pgmctl {

namespace {

const std::string kActivationMatch = std::string("type='signal',sender='") + bus::kService + "',interface='" +
                                     bus::kGroupInterface + "',member='ActivationRequested',path_namespace='" +
                                     bus::kGroupPathPrefix + "'";
// Matches nothing while pgmd has no independent computer configured.
const std::string kLinkStateMatch = std::string("type='signal',sender='") + bus::kService + "',interface='" +
                                    bus::kIcdInterface + "',member='LinkStateChanged',path='" + bus::kIcdPath +
                                    "'";
const std::string kOwnerMatch = std::string("type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                                            "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='") +
                                bus::kService + "'";

// The org.pgmd1.Cluster signals watch shows, each with how its arguments
// fill its event.
struct ClusterSignal {
    const char* member;
    WatchEvent (*decode)(sdbus::Message&);
};

constexpr ClusterSignal kClusterSignals[] = {
    {"Failover",
     [](sdbus::Message& m) -> WatchEvent {
         Failover e;
         m >> e.group >> e.fromNode >> e.toNode >> e.reason;
         return e;
     }},
    {"PairFrozen",
     [](sdbus::Message& m) -> WatchEvent {
         PairFrozen e;
         m >> e.group >> e.frozen >> e.reason;
         return e;
     }},
    {"MembershipChanged",
     [](sdbus::Message& m) -> WatchEvent {
         MembershipChanged e;
         m >> e.node >> e.nodeId >> e.reason;
         return e;
     }},
    {"SwitchoverEnded",
     [](sdbus::Message& m) -> WatchEvent {
         SwitchoverEnded e;
         m >> e.group >> e.fromNode >> e.toNode >> e.byNode >> e.outcome >> e.reason;
         return e;
     }},
    {"PeerLost",
     [](sdbus::Message& m) -> WatchEvent {
         PeerLost e;
         m >> e.node >> e.verdict >> e.evidence;
         return e;
     }},
    {"LinkDown",
     [](sdbus::Message& m) -> WatchEvent {
         ClusterLinkChanged e;
         m >> e.node >> e.link >> e.cause;
         return e;
     }},
    {"LinkUp",
     [](sdbus::Message& m) -> WatchEvent {
         ClusterLinkChanged e;
         e.up = true;
         m >> e.node >> e.link;
         return e;
     }},
    // Sent only to callers interested in the group (see Watcher::followHalves).
    {"HalfBorn",
     [](sdbus::Message& m) -> WatchEvent {
         HalfBorn e;
         m >> e.group >> e.node >> e.incarnation;
         return e;
     }},
    {"HalfDied",
     [](sdbus::Message& m) -> WatchEvent {
         HalfDied e;
         m >> e.group >> e.node >> e.incarnation >> e.reason;
         return e;
     }},
};

std::optional<std::string> groupOfPath(const std::string& path)
{
    char* name = nullptr;
    if (sd_bus_path_decode(path.c_str(), bus::kGroupPathPrefix, &name) <= 0 || name == nullptr)
        return std::nullopt;
    std::unique_ptr<char, decltype(&std::free)> owner(name, &std::free);
    return std::string(name);
}

struct WatchSettings {
    JsonMode json;
    bool colour;
    bool exitOnDisconnect;
};

class Watcher final : public ManagerSignalSink {
public:
    Watcher(ManagerProxy& manager, const std::vector<std::string>& groups, const WatchSettings& settings)
        : manager_(manager)
        , groups_(groups)
        , settings_(settings)
    {
    }
    ~Watcher() { manager_.unsubscribe(); }
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    // Adds the match rules for the manager's signals.
    void subscribe() { manager_.subscribe(*this); }

    void onEvent(const WatchEvent& event) override
    {
        // A group never listed: a reload added it, and it may be paired.
        if (const auto* changed = std::get_if<StateChanged>(&event); changed && !known_.contains(changed->group))
            relist_ = true;
        if (!isWatched(event, groups_))
            return;
        TimedEvent timed{realtimeNowUsec(), event};
        std::string line = settings_.json != JsonMode::Off ? renderJson(eventJson(timed), settings_.json)
                                                            : eventLine(timed, settings_.colour) + "\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
        // Each event as it comes, also into a pipe.
        std::fflush(stdout);
    }

    void onActivationRequested(sdbus::Message& message)
    {
        std::optional<std::string> group = groupOfPath(message.getPath());
        if (!group)
            return;
        ActivationRequested event{*group, "", 0};
        message >> event.state >> event.incarnation;
        onEvent(event);
    }

    void onLinkStateChanged(sdbus::Message& message)
    {
        LinkStateChanged event;
        message >> event.state;
        onEvent(event);
    }

    // HalfBorn and HalfDied come only to a caller interested in the group:
    // interest in every watched paired group, asked once the groups are
    // known, again when pgmd came back (it forgot), and for groups a reload
    // added. Outside the bus's handlers: these are method calls.
    void followHalves(PgmdClient& client)
    {
        if (!std::exchange(relist_, false))
            return;
        try {
            registerInterest(client.groups());
        } catch (const sdbus::Error&) {
            // Gone: the next NameOwnerChanged says so, and its return lists again.
        }
    }

    // pgmd restarting (systemctl restart, a crash that systemd restarts) is
    // no reason to stop watching, as crm_mon keeps watching a cluster whose
    // daemons restart; --exit-on-disconnect is for scripts that want to know.
    void onOwnerChanged(sdbus::Message& message)
    {
        std::string name, oldOwner, newOwner;
        message >> name >> oldOwner >> newOwner;
        if (finished_)
            return;
        if (newOwner.empty() && settings_.exitOnDisconnect) {
            std::fprintf(stderr, "pgmd is gone (%s left the system bus).\n", bus::kService);
            finished_ = kExitFailure;
        } else if (newOwner.empty()) {
            onEvent(PgmdPresence{false});
        } else if (oldOwner.empty()) {
            onEvent(PgmdPresence{true});
            // Its states are read once the loop is out of this handler.
            returned_ = true;
        }
    }

    // pgmd came back: where the watched groups are now.
    void showReturn(PgmdClient& client)
    {
        if (!std::exchange(returned_, false))
            return;
        std::vector<GroupStatus> groups;
        try {
            groups = client.groups();
        } catch (const sdbus::Error&) {
            return;  // gone again: the next NameOwnerChanged says so
        }
        sortForDisplay(groups);
        for (const GroupStatus& g : groups)
            onEvent(GroupStateNow{g.name, g.state, g.held});
        interested_.clear();
        registerInterest(groups);
    }

    const std::optional<int>& finished() const { return finished_; }

private:
    void registerInterest(const std::vector<GroupStatus>& groups)
    {
        for (const GroupStatus& g : groups) {
            known_.insert(g.name);
            const bool paired = !g.redundancy.empty() && g.redundancy != "none";
            if (!paired || interested_.contains(g.name) || !isWatched(HalfBorn{g.name, "", 0}, groups_))
                continue;
            try {
                manager_.RegisterInterest(g.name);
                interested_.insert(g.name);
            } catch (const sdbus::Error&) {
                // Removed meanwhile, or past pgmd's limit per caller: its
                // halves' births and deaths are not shown, the rest is.
            }
        }
    }

    ManagerProxy& manager_;
    const std::vector<std::string>& groups_;
    const WatchSettings& settings_;
    std::optional<int> finished_;
    bool returned_ = false;
    std::set<std::string> known_;       // every group at the last listing
    std::set<std::string> interested_;  // registered with pgmd, as it last knew
    bool relist_ = true;
};

// A malformed signal from the bus is dropped, never the end of the watch.
template <typename Handler>
sdbus::message_handler guarded(Handler handler)
{
    return [handler](sdbus::Message& message) {
        try {
            handler(message);
        } catch (const sdbus::Error&) {
        }
    };
}

// Subscribes before it asks anything, so that no event between the checks
// and the loop is lost. nullopt when all is in place.
std::optional<int> subscribe(CommandContext& c, Watcher& watcher, std::vector<sdbus::Slot>& matches)
{
    try {
        watcher.subscribe();
        matches.push_back(c.connection.addMatch(
            kActivationMatch, guarded([&watcher](sdbus::Message& m) { watcher.onActivationRequested(m); })));
        matches.push_back(c.connection.addMatch(
            kLinkStateMatch, guarded([&watcher](sdbus::Message& m) { watcher.onLinkStateChanged(m); })));
        for (const ClusterSignal& signal : kClusterSignals)
            matches.push_back(c.connection.addMatch(
                bus::clusterSignalMatch(signal.member),
                guarded([&watcher, decode = signal.decode](sdbus::Message& m) { watcher.onEvent(decode(m)); })));
        matches.push_back(c.connection.addMatch(
            kOwnerMatch, guarded([&watcher](sdbus::Message& m) { watcher.onOwnerChanged(m); })));
        c.client.serviceOwner();
    } catch (const sdbus::Error& e) {
        return reportBusError(e, "watch pgmd", "").exitStatus;
    }
    for (const std::string& group : c.invocation.arguments) {
        try {
            c.client.requireGroup(group);
        } catch (const sdbus::Error& e) {
            return reportBusError(e, "watch " + group, group).exitStatus;
        }
    }
    return std::nullopt;
}

int eventLoop(CommandContext& c, Watcher& watcher, const TerminationSignals& signals)
{
    sdbus::IConnection& connection = c.connection;
    for (;;) {
        try {
            while (!watcher.finished() && connection.processPendingRequest()) {
            }
            watcher.showReturn(c.client);
            watcher.followHalves(c.client);
        } catch (const sdbus::Error& e) {
            std::fprintf(stderr, "Lost the connection to the system bus: %s\n", e.getMessage().c_str());
            return kExitFailure;
        }
        if (watcher.finished())
            return *watcher.finished();

        sdbus::IConnection::PollData bus = connection.getEventLoopPollData();
        std::array<pollfd, 2> fds{{{bus.fd, bus.events, 0}, {signals.fd(), POLLIN, 0}}};
        if (poll(fds.data(), fds.size(), bus.getPollTimeout()) < 0 && errno != EINTR)
            throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
        if ((fds[1].revents & POLLIN) != 0 && signals.arrived())
            return kExitSuccess;
    }
}

} // namespace

CommandOutcome runWatch(CommandContext& c)
{
    // Blocked first: a SIGTERM while subscribing still ends the watch cleanly.
    TerminationSignals signals;
    const WatchSettings settings{c.settings.json, c.settings.colour, c.invocation.options.exitOnDisconnect};
    Watcher watcher(c.client.managerProxy(), c.invocation.arguments, settings);
    std::vector<sdbus::Slot> matches;
    if (std::optional<int> failed = subscribe(c, watcher, matches))
        return {*failed, ""};
    return {eventLoop(c, watcher, signals), ""};
}

} // namespace pgmctl
