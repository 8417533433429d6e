#include "node_verbs.hpp"

#include "words.hpp"

#include <functional>
#include <map>
#include <stdexcept>

namespace pgmd::scenario {

namespace {

using Words = std::vector<std::string>;
using Notes = std::vector<std::string>;

const std::string& arg(const Words& w, std::size_t i)
{
    if (i >= w.size())
        throw std::runtime_error("'" + w[0] + "' needs " + std::to_string(i) + " argument(s)");
    return w[i];
}

UnitActivity activity(const std::string& word)
{
    const UnitActivity a = unitActivityFromString(word);
    if (a == UnitActivity::Unknown && word != "unknown")
        throw std::runtime_error("no unit state " + word);
    return a;
}

GroupState groupState(const std::string& word)
{
    const auto s = groupStateFromString(word);
    if (!s)
        throw std::runtime_error("no group state " + word);
    return *s;
}

// Operator and application commands: carried out when accepted; a refusal,
// or an answer that nothing needed doing, is part of the trace, since
// answering is behaviour too.
Notes command(test::Harness& h, const OperatorResult& r)
{
    h.process(r.actions);
    if (r.error == OperatorError::None)
        return r.message.empty() ? Notes{} : Notes{"accepted: " + r.message};
    return {std::string("refused ") + toString(r.error) + ": " + r.message};
}

Notes operatorVerb(test::Harness& h, const Words& w)
{
    const std::string& what = arg(w, 1);
    Engine& e = *h.engine;
    if (what == "reset-failed-all")
        return command(h, e.resetFailedAll());
    if (what == "restart-member")
        return command(h, e.restartMember(arg(w, 2), arg(w, 3)));
    static const std::map<std::string, OperatorResult (Engine::*)(const std::string&)> byGroup = {
        {"offline", &Engine::offline},   {"online", &Engine::online},         {"restart", &Engine::restart},
        {"activate", &Engine::activate}, {"deactivate", &Engine::deactivate}, {"reset-failed", &Engine::resetFailed},
    };
    const auto it = byGroup.find(what);
    if (it == byGroup.end())
        throw std::runtime_error("no operator command " + what);
    return command(h, (e.*(it->second))(arg(w, 2)));
}

Notes reportFault(test::Harness& h, const Words& w)
{
    const auto recovery = recoveryFromString(arg(w, 2));
    if (!recovery)
        throw std::runtime_error("no recovery " + w[2]);
    const std::string unit = arg(w, 3) == "-" ? "" : w[3];
    return command(h, h.engine->reportFault(arg(w, 1), *recovery, unit, joinWords(w, 4)));
}

Notes show(const test::Harness& h, const Words& w)
{
    const Engine& e = *h.engine;
    if (arg(w, 1) == "manager")
        return {"Manager reboots-in-window=" + std::to_string(e.rebootsInWindow()) +
                " host-reinits-in-window=" + std::to_string(e.hostReinitsInWindow()) +
                " total-reboots=" + std::to_string(e.totalReboots()) +
                (e.escalationExhausted() ? " exhausted" : "")};
    const GroupRuntime* g = e.findGroup(w[1]);
    if (!g)
        throw std::runtime_error("no group " + w[1]);
    return {"Group " + w[1] + " " + toString(g->state) + (g->held ? " held" : "") + " #" +
            std::to_string(g->incarnation) + " process-restarts=" + std::to_string(e.processRestartsInWindow(*g)) +
            " group-restarts=" + std::to_string(e.groupRestartsInWindow(*g))};
}

// A job the fake systemd held back ends now.
void finishJob(test::Harness& h, const std::string& unit, const std::string& result)
{
    const auto job = h.unfinishedJobs.find(unit);
    if (job == h.unfinishedJobs.end())
        throw std::runtime_error("no unfinished job for " + unit);
    const JobKind kind = job->second;
    h.unfinishedJobs.erase(job);
    if (result == "done" && kind != JobKind::Stop)
        h.running.insert(unit);
    else if (kind == JobKind::Stop)
        h.running.erase(unit);
    h.process(h.engine->onJobFinished(unit, kind, result));
}

void unitChanged(test::Harness& h, const Words& w)
{
    const UnitActivity a = activity(arg(w, 2));
    if (a == UnitActivity::Active)
        h.running.insert(w[1]);
    else if (a == UnitActivity::Inactive || a == UnitActivity::Failed)
        h.running.erase(w[1]);
    h.process(h.engine->onUnitChanged(w[1], a, w.size() > 3 ? joinWords(w, 3) : w[2]));
}

// How the fake systemd treats this unit's jobs from now on.
void jobBehaviour(test::Harness& h, const Words& w)
{
    const std::string& unit = arg(w, 1);
    h.neverReady.erase(unit);
    h.failingStarts.erase(unit);
    h.stuckStops.erase(unit);
    if (w[0] == "job-never-finishes")
        h.neverReady.insert(unit);
    else if (w[0] == "job-fails")
        h.failingStarts.insert(unit);
    else if (w[0] == "stop-hangs")
        h.stuckStops.insert(unit);
}

using Verb = std::function<Notes(test::Harness&, const Words&)>;

// Wraps a verb that has nothing to say beyond the engine's actions.
template <typename F> Verb quiet(F f)
{
    return [f](test::Harness& h, const Words& w) {
        f(h, w);
        return Notes{};
    };
}

const std::map<std::string, Verb>& verbs()
{
    static const std::map<std::string, Verb> table = {
        {"kill", quiet([](test::Harness& h, const Words& w) { h.kill(arg(w, 1)); })},
        {"unit", quiet(unitChanged)},
        {"job-never-finishes", quiet(jobBehaviour)},
        {"job-fails", quiet(jobBehaviour)},
        {"stop-hangs", quiet(jobBehaviour)},
        {"jobs-normal", quiet(jobBehaviour)},
        {"finish-job", quiet([](test::Harness& h, const Words& w) {
             finishJob(h, arg(w, 1), w.size() > 2 ? w[2] : "done");
         })},
        {"outside-job", quiet([](test::Harness& h, const Words& w) {
             h.process(h.engine->onOutsideJob(arg(w, 1), std::stoul(arg(w, 2))));
         })},
        {"outside-job-finished", quiet([](test::Harness& h, const Words& w) {
             const UnitActivity a = activity(arg(w, 4));
             if (a == UnitActivity::Active)
                 h.running.insert(w[1]);
             else
                 h.running.erase(w[1]);
             h.process(h.engine->onOutsideJobFinished(w[1], std::stoul(w[2]), arg(w, 3), a));
         })},
        {"resource", quiet([](test::Harness& h, const Words& w) {
             h.resourceHealthy[arg(w, 1)] = arg(w, 2) == "ok";
         })},
        {"reboot-failed", quiet([](test::Harness& h, const Words& w) {
             h.process(h.engine->onRebootFailed(joinWords(w, 1)));
         })},
        {"operator", operatorVerb},
        {"ack", [](test::Harness& h, const Words& w) {
             return command(h, h.engine->acknowledge(arg(w, 1), groupState(arg(w, 2)), std::stoull(arg(w, 3))));
         }},
        {"report-fault", reportFault},
        {"show", show},
    };
    return table;
}

} // namespace

std::vector<std::string> applyNodeVerb(test::Harness& node, const std::vector<std::string>& words)
{
    const auto it = verbs().find(words[0]);
    if (it == verbs().end())
        throw std::runtime_error("no verb " + words[0]);
    return it->second(node, words);
}

} // namespace pgmd::scenario
