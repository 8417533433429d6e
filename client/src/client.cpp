// Client: communication keys and interest in groups (Manager.GetKey,
// RegisterInterest, UnregisterInterest, GroupBorn, GroupDied), and for
// paired groups the active half on any node (Cluster.GetKey, HalfBorn,
// HalfDied).
//
// The manager is called through a plain sdbus::IProxy rather than the
// generated Manager proxy: that one subscribes to every signal of the
// interface, and a watching client has no use for the broadcast
// GroupStateChanged and EscalationStep of every group on the host.

#include "bus_call.hpp"
#include "bus_names.hpp"

#include <pgmd/client.hpp>

#include <sdbus-c++/sdbus-c++.h>

#include <map>
#include <utility>
#include <vector>

namespace pgmd::client {
namespace {

// pgmd (re)appearing on the bus; only its name, not every client's.
constexpr const char* kPgmdOwnerChangedRule =
    "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
    "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='org.pgmd1'";

} // namespace

// Hidden: nested in an exported class, it would be exported by default.
struct __attribute__((visibility("hidden"))) Client::Impl {
    // Either pair of handlers may be empty: one interest serves both.
    struct Watch {
        BornHandler born;
        DiedHandler died;
        HalfBornHandler halfBorn;
        HalfDiedHandler halfDied;
    };

    explicit Impl(sdbus::IConnection& connection)
        : connection(connection),
          manager(sdbus::createProxy(connection, busnames::kService, busnames::kManagerPath)),
          cluster(sdbus::createProxy(connection, busnames::kService, busnames::kClusterPath))
    {
    }

    // Installs the match rules once, before the first RegisterInterest, so
    // that no GroupBorn or GroupDied can arrive unmatched.
    void subscribe()
    {
        if (subscribed)
            return;
        manager->uponSignal("GroupBorn").onInterface(busnames::kManagerInterface).call(
            [this](const std::string& group, std::uint64_t incarnation) { onBorn(group, incarnation); });
        manager->uponSignal("GroupDied").onInterface(busnames::kManagerInterface).call(
            [this](const std::string& group, std::uint64_t incarnation, const std::string& reason) {
                onDied(group, incarnation, reason);
            });
        manager->finishRegistration();
        cluster->uponSignal("HalfBorn").onInterface(busnames::kClusterInterface).call(
            [this](const std::string& group, const std::string& node, std::uint64_t incarnation) {
                onHalfBorn(HalfKey{group, node, incarnation});
            });
        cluster->uponSignal("HalfDied").onInterface(busnames::kClusterInterface).call(
            [this](const std::string& group, const std::string& node, std::uint64_t incarnation,
                   const std::string& reason) { onHalfDied(HalfKey{group, node, incarnation}, reason); });
        cluster->finishRegistration();
        pgmdOwnerWatch = connection.addMatch(kPgmdOwnerChangedRule, [this](sdbus::Message& message) {
            onPgmdOwnerChanged(message);
        });
        subscribed = true;
    }

    void onBorn(const std::string& group, std::uint64_t incarnation)
    {
        auto it = watches.find(group);
        if (it == watches.end())
            return;  // sent before an unwatch took effect
        auto born = it->second.born;  // the handler may unwatch, destroying the original
        callHandler(born, Key{group, incarnation});
    }

    void onDied(const std::string& group, std::uint64_t incarnation, const std::string& reason)
    {
        auto it = watches.find(group);
        if (it == watches.end())
            return;
        auto died = it->second.died;
        callHandler(died, Key{group, incarnation}, reason);
    }

    void onHalfBorn(const HalfKey& key)
    {
        auto it = watches.find(key.group);
        if (it == watches.end())
            return;
        auto born = it->second.halfBorn;
        callHandler(born, key);
    }

    void onHalfDied(const HalfKey& key, const std::string& reason)
    {
        auto it = watches.find(key.group);
        if (it == watches.end())
            return;
        auto died = it->second.halfDied;
        callHandler(died, key, reason);
    }

    // Registers interest in `group` with pgmd, the match rules first.
    void registerInterest(const std::string& group)
    {
        translatingErrors([&] {
            subscribe();
            manager->callMethod("RegisterInterest").onInterface(busnames::kManagerInterface).withArguments(group);
        });
    }

    // A pgmd that restarted has forgotten every interest: register it again.
    // Asynchronously, so that the application's loop does not wait on a pgmd
    // that is still starting.
    void onPgmdOwnerChanged(sdbus::Message& message)
    {
        std::string name, oldOwner, newOwner;
        try {
            message >> name >> oldOwner >> newOwner;
        } catch (const sdbus::Error&) {
            return;  // not the signal the rule asked for; nothing to act on
        }
        if (newOwner.empty())
            return;
        // A failure drops its watch, so walk a copy of the names.
        std::vector<std::string> groups;
        for (const auto& entry : watches)
            groups.push_back(entry.first);
        for (const auto& group : groups)
            registerAgain(group);
    }

    void registerAgain(const std::string& group)
    {
        try {
            manager->callMethodAsync("RegisterInterest")
                .onInterface(busnames::kManagerInterface)
                .withArguments(group)
                .uponReplyInvoke([this, group](const sdbus::Error* error) {
                    if (error != nullptr)
                        loseWatch(group, fromBusError(*error));
                });
        } catch (const sdbus::Error& error) {
            loseWatch(group, fromBusError(error));
        }
    }

    void loseWatch(const std::string& group, const Error& error)
    {
        if (watches.erase(group) == 0)
            return;  // unwatched meanwhile: nothing was lost
        auto lost = watchLost;
        callHandler(lost, group, error);
    }

    sdbus::IConnection& connection;
    std::unique_ptr<sdbus::IProxy> manager;
    std::unique_ptr<sdbus::IProxy> cluster;
    sdbus::Slot pgmdOwnerWatch;
    bool subscribed = false;
    std::map<std::string, Watch> watches;
    WatchLostHandler watchLost;
};

Client::Client(sdbus::IConnection& connection)
    : impl_(translatingErrors([&] { return std::make_unique<Impl>(connection); }))
{
}

Client::~Client()
{
    // Interest would otherwise last as long as the connection does, and pgmd
    // would keep sending births and deaths nobody reads.
    for (const auto& [group, watch] : impl_->watches) {
        try {
            impl_->manager->callMethod("UnregisterInterest")
                .onInterface(busnames::kManagerInterface)
                .withArguments(group)
                .dontExpectReply();
        } catch (const sdbus::Error&) {
            // The bus is gone: pgmd drops the interest when the connection closes.
        }
    }
}

Key Client::key(const std::string& group)
{
    return translatingErrors([&] {
        Key key;
        impl_->manager->callMethod("GetKey")
            .onInterface(busnames::kManagerInterface)
            .withArguments(group)
            .storeResultsTo(key.group, key.incarnation);
        return key;
    });
}

HalfKey Client::activeHalf(const std::string& group)
{
    return translatingErrors([&] {
        HalfKey key{group, {}, 0};
        impl_->cluster->callMethod("GetKey")
            .onInterface(busnames::kClusterInterface)
            .withArguments(group)
            .storeResultsTo(key.node, key.incarnation);
        return key;
    });
}

void Client::watch(const std::string& group, BornHandler born, DiedHandler died)
{
    impl_->registerInterest(group);
    Impl::Watch& watch = impl_->watches[group];
    watch.born = std::move(born);
    watch.died = std::move(died);
}

void Client::watchHalves(const std::string& group, HalfBornHandler born, HalfDiedHandler died)
{
    impl_->registerInterest(group);
    Impl::Watch& watch = impl_->watches[group];
    watch.halfBorn = std::move(born);
    watch.halfDied = std::move(died);
}

void Client::unwatch(const std::string& group)
{
    if (impl_->watches.erase(group) == 0)
        return;
    translatingErrors([&] {
        impl_->manager->callMethod("UnregisterInterest").onInterface(busnames::kManagerInterface).withArguments(group);
    });
}

void Client::onWatchLost(WatchLostHandler handler)
{
    impl_->watchLost = std::move(handler);
}

} // namespace pgmd::client
