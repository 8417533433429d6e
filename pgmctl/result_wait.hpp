#pragma once
// The bus side of waiting for a command's result: each group's
// PropertiesChanged, subscribed before the command's call, fed to a
// GroupWait (group_wait.hpp) on pgm::EventLoop with a deadline timer, until
// every group has reached its goal, failed, or run out of time. Ctrl-C (or
// SIGTERM) stops the waiting; pgmd carries on with the requests.

#include "group_wait.hpp"
#include "pgmd_client.hpp"
#include "status_decoding.hpp"

#include "common/loop/event_loop.hpp"

#include <sdbus-c++/sdbus-c++.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pgmctl {

// One group being waited for: its properties as PropertiesChanged tells
// them, and the wait they feed.
class WaitedGroup {
public:
    // Subscribes, then reads the group; throws sdbus::Error.
    WaitedGroup(sdbus::IConnection& connection, PgmdClient& client, const std::string& name,
                std::function<void()> onVerdict);
    WaitedGroup(const WaitedGroup&) = delete;
    WaitedGroup& operator=(const WaitedGroup&) = delete;

    // How the group was before the call.
    const GroupStatus& before() const { return before_; }
    // Expected, and neither reached, failed nor given up.
    bool pending() const;
    bool failed() const { return verdict_ == WaitOutcome::Failed; }
    pgm::MonoTime deadline() const { return deadline_; }

    // Before the call, for a goal about the pair across computers: the
    // cluster's Failover, PairFrozen and SwitchoverEnded about this group
    // feed the wait too.
    void followPair(sdbus::IConnection& connection);
    void expect(WaitGoal goal, std::chrono::microseconds timeout);
    // Gives up, saying where the group is and what it waits for.
    void timeOut();
    void interrupt();

private:
    void refresh();
    void onPropertiesChanged(sdbus::Message& message);
    void onPairSignal(sdbus::Message& message);
    // With the pair's event that came, if any.
    void evaluate(const std::optional<PairEvent>& event = std::nullopt);

    PgmdClient& client_;
    std::string name_;
    sdbus::ObjectPath path_;
    std::function<void()> onVerdict_;
    sdbus::Slot match_;
    std::vector<sdbus::Slot> pairMatches_;
    std::vector<PairEvent> early_;  // the pair's signals before expect()
    PropertyMap properties_;
    GroupStatus before_;
    std::optional<GroupWait> wait_;
    // Reached or Failed; Pending once given up (timed out, interrupted).
    std::optional<WaitOutcome> verdict_;
    std::chrono::microseconds timeout_{0};
    pgm::MonoTime deadline_;
};

class ResultWait {
public:
    // `timeout`: --timeout, or nullopt for each group's default.
    ResultWait(sdbus::IConnection& connection, PgmdClient& client, std::optional<std::chrono::microseconds> timeout);
    ~ResultWait();
    ResultWait(const ResultWait&) = delete;
    ResultWait& operator=(const ResultWait&) = delete;

    // Before the call: subscribes to the group's changes, then reads it. The
    // returned group is how it was before the call; throws sdbus::Error like
    // any call about the group (no such group, pgmd not running).
    WaitedGroup& prepare(const std::string& group);
    // After a call that pgmd accepted: wait for `goal`. A group prepared but
    // not expected (the call failed, or it was there already) is not waited for.
    void expect(WaitedGroup& group, WaitGoal goal);

    // Waits for every expected group; prints each failure and timeout on
    // stderr. The exit status: 0, or the highest of kExitFailure (a group
    // failed), kExitTimedOut and kExitInterrupted.
    int run();

private:
    void onVerdict();
    void armDeadline();
    void onDeadline();
    void onSignal();

    sdbus::IConnection& connection_;
    PgmdClient& client_;
    std::optional<std::chrono::microseconds> timeout_;
    // Created first: SIGINT and SIGTERM are held back from the first call on,
    // so that a Ctrl-C during the calls still ends in "the request stands".
    pgm::EventLoop loop_;
    std::vector<std::unique_ptr<WaitedGroup>> groups_;
    int exitStatus_ = 0;
    bool running_ = false;
};

} // namespace pgmctl
