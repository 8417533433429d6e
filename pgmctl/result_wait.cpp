#include "result_wait.hpp"

#include "bus_names.hpp"
#include "command_context.hpp"
#include "exit_status.hpp"
#include "status_decoding.hpp"
#include "wait_report.hpp"

#include "common/loop/system_clock.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <utility>

namespace pgmctl {

namespace {

std::string propertiesChangedMatch(const sdbus::ObjectPath& path)
{
    return std::string("type='signal',sender='") + bus::kService + "',path='" + path +
           "',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',arg0='" + bus::kGroupInterface +
           "'";
}

void printLine(const std::string& line)
{
    std::fprintf(stderr, "%s\n", line.c_str());
}

// Ctrl-C answers at once even when pgmd hangs.
constexpr std::chrono::microseconds kRefreshTimeout = std::chrono::seconds(1);

pgm::MonoTime monotonicNow()
{
    return pgm::SystemClock().monotonic();
}

} // namespace

WaitedGroup::WaitedGroup(sdbus::IConnection& connection, PgmdClient& client, const std::string& name,
                         std::function<void()> onVerdict)
    : client_(client)
    , name_(name)
    , path_(client.groupPath(name))
    , onVerdict_(std::move(onVerdict))
{
    // Subscribed before the properties are read, and both before the call:
    // no change the call causes can go unseen.
    match_ = connection.addMatch(propertiesChangedMatch(path_), [this](sdbus::Message& m) { onPropertiesChanged(m); });
    properties_ = client_.groupProperties(path_);
    // Changes that came while the properties were read are older than the
    // reply, or newer: applied in order, they leave the latest.
    while (connection.processPendingRequest()) {
    }
    before_ = decodeGroup(properties_);
}

void WaitedGroup::followPair(sdbus::IConnection& connection)
{
    for (const char* member : {"Failover", "PairFrozen", "SwitchoverEnded"})
        pairMatches_.push_back(
            connection.addMatch(bus::clusterSignalMatch(member, name_), [this](sdbus::Message& m) { onPairSignal(m); }));
}

bool WaitedGroup::pending() const
{
    return wait_ && !verdict_;
}

void WaitedGroup::expect(WaitGoal goal, std::chrono::microseconds timeout)
{
    timeout_ = timeout;
    deadline_ = monotonicNow() + timeout;
    wait_.emplace(std::move(goal), before_);
    evaluate();
    // A pair's signal that came between the call and now (the request
    // refused as soon as delivered) is about this call too.
    for (const PairEvent& event : std::exchange(early_, {}))
        evaluate(event);
}

void WaitedGroup::timeOut()
{
    refresh();
    printLine(waitTimedOutLine(decodeGroup(properties_), timeout_, wait_->goal().description));
    verdict_ = WaitOutcome::Pending;
}

void WaitedGroup::interrupt()
{
    refresh();
    printLine(waitInterruptedLine(decodeGroup(properties_)));
    verdict_ = WaitOutcome::Pending;
}

void WaitedGroup::refresh()
{
    // The last PropertiesChanged may still be on its way: what pgmctl says
    // the group is when it gives up is read at that moment.
    try {
        properties_ = client_.groupProperties(path_, kRefreshTimeout);
    } catch (const sdbus::Error&) {
        // pgmd gone or hung: the last known properties are all there is to say
    }
}

void WaitedGroup::onPropertiesChanged(sdbus::Message& message)
{
    std::string interface;
    PropertyMap changed;
    std::vector<std::string> invalidated;
    try {
        message >> interface >> changed >> invalidated;
        for (auto& [name, value] : changed)
            properties_[name] = std::move(value);
        // pgmd sends values; a property sent without one is read again.
        if (!invalidated.empty())
            properties_ = client_.groupProperties(path_);
    } catch (const sdbus::Error&) {
        return;  // a malformed signal, or pgmd gone while reading: wait for the next
    }
    evaluate();
}

void WaitedGroup::onPairSignal(sdbus::Message& message)
{
    PairEvent event;
    std::string group;
    try {
        const std::string member = message.getMemberName();
        if (member == "Failover") {
            message >> group >> event.fromNode >> event.toNode >> event.reason;
        } else if (member == "SwitchoverEnded") {
            event.kind = PairEvent::Kind::SwitchoverEnded;
            message >> group >> event.fromNode >> event.toNode >> event.byNode >> event.outcome >> event.reason;
        } else {
            bool frozen = false;
            message >> group >> frozen >> event.reason;
            event.kind = frozen ? PairEvent::Kind::Frozen : PairEvent::Kind::Thawed;
        }
    } catch (const sdbus::Error&) {
        return;  // a malformed signal: wait for the next
    }
    if (!wait_) {
        early_.push_back(std::move(event));
        return;
    }
    evaluate(event);
}

void WaitedGroup::evaluate(const std::optional<PairEvent>& event)
{
    if (!pending())
        return;
    GroupStatus now;
    try {
        now = decodeGroup(properties_);
    } catch (const sdbus::Error&) {
        return;
    }
    WaitVerdict verdict = event ? wait_->observePair(*event, now) : wait_->observe(now);
    if (verdict.outcome == WaitOutcome::Pending)
        return;
    if (verdict.outcome == WaitOutcome::Failed)
        printLine(waitFailedLine(now.name, verdict.reason));
    verdict_ = verdict.outcome;
    onVerdict_();
}

ResultWait::ResultWait(sdbus::IConnection& connection, PgmdClient& client,
                       std::optional<std::chrono::microseconds> timeout)
    : connection_(connection)
    , client_(client)
    , timeout_(timeout)
{
    loop_.onSignals([this](int) { onSignal(); });
}

ResultWait::~ResultWait() = default;

WaitedGroup& ResultWait::prepare(const std::string& group)
{
    groups_.push_back(std::make_unique<WaitedGroup>(connection_, client_, group, [this] { onVerdict(); }));
    return *groups_.back();
}

void ResultWait::expect(WaitedGroup& group, WaitGoal goal)
{
    group.expect(std::move(goal), timeout_.value_or(defaultWaitTimeout(group.before())));
}

int ResultWait::run()
{
    if (std::none_of(groups_.begin(), groups_.end(), [](const auto& g) { return g->pending(); }))
        return exitStatus_;
    loop_.attach(connection_);
    armDeadline();
    running_ = true;
    loop_.run();
    running_ = false;
    loop_.detach(connection_);
    return exitStatus_;
}

void ResultWait::onVerdict()
{
    for (const auto& g : groups_)
        if (g->failed())
            combineExitStatus(exitStatus_, kExitFailure);
    if (!running_)
        return;
    if (std::none_of(groups_.begin(), groups_.end(), [](const auto& g) { return g->pending(); }))
        loop_.exit(exitStatus_);
}

void ResultWait::armDeadline()
{
    std::optional<pgm::MonoTime> next;
    for (const auto& g : groups_)
        if (g->pending() && (!next || g->deadline() < *next))
            next = g->deadline();
    loop_.setDeadline(next, [this] { onDeadline(); });
}

void ResultWait::onDeadline()
{
    const pgm::MonoTime now = monotonicNow();
    for (const auto& g : groups_)
        if (g->pending() && g->deadline() <= now) {
            g->timeOut();
            combineExitStatus(exitStatus_, kExitTimedOut);
        }
    onVerdict();
    armDeadline();
}

void ResultWait::onSignal()
{
    for (const auto& g : groups_)
        if (g->pending())
            g->interrupt();
    combineExitStatus(exitStatus_, kExitInterrupted);
    loop_.exit(exitStatus_);
}

} // namespace pgmctl
