#pragma once
// <pgmd/client.hpp>: the application interface of pgmd (libpgmd-client).
//
// pgmd publishes its process groups on the system bus as org.pgmd1; see
// org.pgmd1(5) for the interface itself. This library covers what an
// application needs from it:
//
//   Client       any process: a group's communication key, and births and
//                deaths of groups it is interested in; for groups paired
//                across computers, the same for the active half on any node.
//   Application  a member process of a group with Handshake=bus: receive
//                pgmd's requests to become active or standby, acknowledge
//                them, and report faults.
//
// Threads and loops. The library starts no thread and never sleeps. It works
// on an sdbus::IConnection to the system bus that the application creates and
// owns, and whose messages the application dispatches: with the connection's
// enterEventLoop()/enterEventLoopAsync(), or from its own loop by polling
// getEventLoopPollData() and calling processPendingRequest() until it returns
// false. Every handler is called from that dispatch, on the thread that runs
// it. Objects of this library are not thread-safe; use each from the thread
// that dispatches its connection. The connection must outlive them.
//
// Handlers must not throw: they run inside sd-bus's C dispatch, which an
// exception cannot cross. One that escapes ends the process (std::terminate),
// as from a noexcept function; under pgmd that is a process fault, and pgmd
// recovers from it.
//
// Errors. Every call that talks to pgmd may throw pgmd::client::Error, which
// carries the D-Bus error name and message (org.pgmd1.Error.* from pgmd, or
// org.freedesktop.DBus.Error.* from the bus) and a classification, kind().
//
// Link with `pkg-config --cflags --libs pgmd-client`.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sdbus {
class IConnection;
}

#define PGMD_CLIENT_API __attribute__((visibility("default")))

namespace pgmd::client {

// A communication key: a group and its incarnation. The incarnation counts
// the group's starts, so a new value means new processes; a peer can tell
// whether state it kept about a group still applies.
struct Key {
    std::string group;
    std::uint64_t incarnation = 0;

    friend bool operator==(const Key&, const Key&) = default;
};

// The key of one half of a group paired across computers: the node it runs
// on and its incarnation there. Each node counts its own incarnations, so
// only the node and the incarnation together name a half.
struct HalfKey {
    std::string group;
    std::string node;  // "" when no half is active (activeHalf())
    std::uint64_t incarnation = 0;

    friend bool operator==(const HalfKey&, const HalfKey&) = default;
};

// The two running states an application is asked to take.
enum class RunState { Active, Standby };

// The recovery an application recommends when it reports a fault: restart one
// process of the group, restart the whole group, or take the group out of
// service (its mate on the other node, if any, takes over).
enum class Recovery { RestartProcess, RestartGroup, OutOfService };

// A request to run in `state`, quoting `incarnation`, as pgmd made it or as
// the application acknowledged it.
struct Activation {
    RunState state = RunState::Standby;
    std::uint64_t incarnation = 0;

    friend bool operator==(const Activation&, const Activation&) = default;
};

// The names used on the bus: "active", "standby"; "restart-process",
// "restart-group", "out-of-service". Parsing is exact (case-sensitive);
// an unknown name gives std::nullopt.
PGMD_CLIENT_API std::string_view busName(RunState state);
PGMD_CLIENT_API std::string_view busName(Recovery recovery);
PGMD_CLIENT_API std::optional<RunState> parseRunState(std::string_view name);
PGMD_CLIENT_API std::optional<Recovery> parseRecovery(std::string_view name);

// What went wrong, from the error name. Names pgmd does not know yet, or that
// a newer pgmd adds, are Other: always compare kind() to the cases you handle.
enum class ErrorKind {
    // org.pgmd1.Error.*, see org.pgmd1(5).
    NoSuchGroup,       // NoSuchGroup; also the bus's UnknownObject for a group object
    InvalidState,      // the group is not in a state that allows the call
    NotAvailable,      // the group is not standby or active: it has no key
    StaleIncarnation,  // an acknowledgement quoted an old incarnation
    InvalidArgument,   // InvalidArgument; also the bus's InvalidArgs
    BadConfig,         // Reload found the configuration invalid
    LimitsExceeded,    // e.g. too many groups watched by one connection
    // From the bus rather than from pgmd.
    AccessDenied,      // the bus policy or pgmd refused the caller
    NotRunning,        // nobody owns org.pgmd1: pgmd is not running
    Timeout,           // no reply in time
    Disconnected,      // the connection to the bus is gone
    Unsupported,       // the running pgmd is older and lacks the member
    // Raised by this library itself, never sent by pgmd.
    NoGroupName,       // Application got no group name and PGMD_GROUP is unset
    Usage,             // a call out of order, e.g. start() twice
    Other,
};

class PGMD_CLIENT_API Error : public std::runtime_error {
public:
    // `name` is a D-Bus error name; what() reads "name: message".
    Error(std::string name, std::string message);

    const std::string& name() const noexcept { return name_; }
    const std::string& message() const noexcept { return message_; }
    ErrorKind kind() const noexcept { return kind_; }

private:
    std::string name_;
    std::string message_;
    ErrorKind kind_;
};

// The classification Error::kind() reports for a D-Bus error name.
PGMD_CLIENT_API ErrorKind classifyError(std::string_view name);

// For any process: keys and interest in groups. Cheap to create; nothing is
// sent to pgmd until a member function is called.
class PGMD_CLIENT_API Client {
public:
    using BornHandler = std::function<void(const Key& key)>;
    using DiedHandler = std::function<void(const Key& key, const std::string& reason)>;
    using WatchLostHandler = std::function<void(const std::string& group, const Error& error)>;
    using HalfBornHandler = std::function<void(const HalfKey& key)>;
    using HalfDiedHandler = std::function<void(const HalfKey& key, const std::string& reason)>;

    explicit Client(sdbus::IConnection& connection);
    // Withdraws every interest still registered, without waiting for replies.
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // The group's current key (Manager.GetKey). Throws Error: NotAvailable
    // unless the group is standby or active, NoSuchGroup for an unknown name.
    // For a group paired across computers whose half on this node is not
    // active, the key of the half active on another node (its node:
    // activeHalf()); NotAvailable when this node knows of none.
    Key key(const std::string& group);

    // The half of a paired group that is active, on whichever node
    // (Cluster.GetKey): node "" when none is. Throws Error: NoSuchGroup;
    // org.pgmd1.Error.NotPaired (kind() Other) for a group that is not
    // paired; UnknownObject or UnknownInterface (kind() Other) from a pgmd
    // without [Cluster].
    HalfKey activeHalf(const std::string& group);

    // Registers interest in `group` (Manager.RegisterInterest), configured
    // but not necessarily running: from now on `born` is called each time it
    // becomes standby or active with a new key, `died` each time the group
    // with that key stops running, with pgmd's reason. pgmd sends these to
    // this connection alone. Watching a group again replaces its handlers.
    // To learn the current key too, call key() after watch(): a birth between
    // the two is then seen by both, with the same key.
    //
    // pgmd forgets interest when it restarts; the Client registers it again
    // as soon as pgmd is back on the bus. Throws Error: NoSuchGroup,
    // LimitsExceeded (see org.pgmd1(5)).
    void watch(const std::string& group, BornHandler born, DiedHandler died);

    // For a group paired across computers: registers interest as watch()
    // does, and from now on `born` is called each time a half of the group
    // becomes active on any node, `died` each time the active half with that
    // key stops being active (Cluster.HalfBorn, HalfDied; org.pgmd1(5)).
    // Every node tells them in the same order; in a failover the death on
    // the old node comes before the birth on the new one. watch() and
    // watchHalves() may be used together on one group: one interest, both
    // sets of handlers. Watching again replaces the half handlers. To learn
    // the active half too, call activeHalf() after watchHalves().
    void watchHalves(const std::string& group, HalfBornHandler born, HalfDiedHandler died);

    // Withdraws interest (Manager.UnregisterInterest); no handler of `group`
    // (watch() or watchHalves()) is called afterwards. Unwatching a group
    // not watched does nothing.
    void unwatch(const std::string& group);

    // Called when registering interest again after a restart of pgmd fails,
    // e.g. NoSuchGroup because the group is no longer configured. The group
    // is then no longer watched. Without this handler the loss goes unseen.
    void onWatchLost(WatchLostHandler handler);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// For a member process of a group with Handshake=bus (see pgmd.group(5)).
// pgmd asks the group's processes to become active or standby and waits
// ActivationTimeoutUSec for the acknowledgement; without one the group becomes
// unavailable.
//
//   pgmd::client::Application app(*connection);   // group from $PGMD_GROUP
//   app.onRequest([&](RunState state, std::uint64_t incarnation) {
//       ...become `state`...
//       app.acknowledge(state, incarnation);
//   });
//   app.start();
//   sd_notify(0, "READY=1");
class PGMD_CLIENT_API Application {
public:
    using RequestHandler = std::function<void(RunState state, std::uint64_t incarnation)>;

    // `group` "" takes the name from the environment variable PGMD_GROUP,
    // which pgmd sets for every member unit it starts. Throws Error
    // NoGroupName if that is unset or empty too. Sends nothing yet.
    explicit Application(sdbus::IConnection& connection, const std::string& group = "");
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    const std::string& group() const noexcept;

    // The handler for pgmd's requests. Set it before start(); it may be
    // replaced later. It may call acknowledge() itself, or the application
    // may acknowledge later (within ActivationTimeoutUSec).
    void onRequest(RequestHandler handler);

    // Subscribes to the group's ActivationRequested signal, then reads the
    // request pending in RequestedState/RequestedIncarnation, so that a request
    // made before the process connected is not lost. Returns at once: the
    // pending request, if any, reaches the handler from the connection's
    // dispatch, in order with the signals, and never twice in a row.
    // Throws Error: NoSuchGroup, NotRunning, Usage (no handler, or started
    // already).
    void start();

    // Group.Acknowledge. Throws Error: InvalidState when pgmd asks for nothing
    // or for another state, StaleIncarnation for an old incarnation.
    void acknowledge(RunState state, std::uint64_t incarnation);

    // Group.ReportFault: enters pgmd's escalation ladder at `recovery`. `unit`
    // names the member to restart for RestartProcess; "" is the caller's own
    // unit. Needs no start().
    void reportFault(Recovery recovery, const std::string& reason, const std::string& unit = "");

    // What this object last acknowledged successfully; std::nullopt before
    // the first acknowledgement.
    std::optional<Activation> lastAcknowledged() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace pgmd::client
