#include "fence_agent.hpp"

#include "common/text/escape.hpp"

#include <optional>
#include <string_view>

namespace pgmd {

namespace {

// fence_* agents: the exit status of --action=status.
constexpr int kStatusOn = 0;
constexpr int kStatusOff = 2;

// The agent's last line on stderr, short and safe to show: fence agents say
// why they failed there ("Unable to connect/login to fencing device").
std::string excerpt(const std::string& errorOutput)
{
    constexpr std::size_t kLongest = 200;
    std::string_view text(errorOutput);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.remove_suffix(1);
    if (auto nl = text.find_last_of('\n'); nl != std::string_view::npos)
        text.remove_prefix(nl + 1);
    if (text.size() > kLongest)
        text = text.substr(0, kLongest);
    return pgm::text::escapeForDisplay(text);
}

// "exit status 1", with the agent's last word on stderr when it said one.
std::string said(const pgm::CommandResult& result)
{
    std::string line = excerpt(result.errorOutput);
    return line.empty() ? result.detail : result.detail + ": " + line;
}

std::string seconds(Duration d)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

} // namespace

struct FenceAgent::Attempt {
    pgm::MonoTime deadline;
    pgm::MonotonicTimer nextStatus;
    std::string lastStatus = "none";  // what the last --action=status said

    Attempt(sd_event* event, pgm::MonoTime deadline, std::function<void()> onStatusDue)
        : deadline(deadline), nextStatus(event, std::move(onStatusDue), "fence agent: next status")
    {
    }
};

FenceAgent::FenceAgent(sd_event* event, const ClusterSpec& spec, Report report, Duration statusInterval)
    : event_(event),
      command_(spec.fenceCommand),
      timeout_(spec.fenceTimeout),
      statusInterval_(statusInterval),
      report_(std::move(report)),
      runner_(event)
{
}

FenceAgent::~FenceAgent() = default;

std::vector<std::string> FenceAgent::argv(const std::string& action, const std::string& node) const
{
    // No FenceCommand=: an empty argv, which the runner reports as "empty command".
    if (command_.empty())
        return {};
    std::vector<std::string> args = command_;
    args.push_back("--action=" + action);
    args.push_back("--plug=" + node);
    return args;
}

bool FenceAgent::fence(const std::string& node)
{
    finished_.clear();
    if (busy(node))
        return false;
    attempts_.emplace(node, std::make_unique<Attempt>(event_, pgm::loopNow(event_) + timeout_,
                                                      [this, node] { runStatus(node); }));
    runner_.run(argv("off", node), timeout_,
                [this, node](const pgm::CommandResult& result) { onOff(node, result); },
                pgm::CommandRunner::ErrorOutput::Captured);
    return true;
}

void FenceAgent::onOff(const std::string& node, const pgm::CommandResult& result)
{
    finished_.clear();
    if (!result.succeeded()) {
        finish(node, false, "--action=off failed: " + said(result));
        return;
    }
    runStatus(node);
}

void FenceAgent::runStatus(const std::string& node)
{
    auto it = attempts_.find(node);
    if (it == attempts_.end())
        return;
    const Duration left = it->second->deadline - pgm::loopNow(event_);
    if (left <= Duration{0}) {
        finish(node, false, "not confirmed off within FenceTimeoutSec=" + seconds(timeout_) + " (last status: " +
                                it->second->lastStatus + ")");
        return;
    }
    runner_.run(argv("status", node), left,
                [this, node](const pgm::CommandResult& result) { onStatus(node, result); },
                pgm::CommandRunner::ErrorOutput::Captured);
}

void FenceAgent::onStatus(const std::string& node, const pgm::CommandResult& result)
{
    finished_.clear();
    auto it = attempts_.find(node);
    if (it == attempts_.end())
        return;
    Attempt& attempt = *it->second;
    const std::optional<int> status = result.exitStatus();
    if (status == kStatusOff) {
        finish(node, true, "confirmed off by the fence agent (--action=status: " + result.detail + ")");
        return;
    }
    attempt.lastStatus = status == kStatusOn ? "on, " + result.detail : "error, " + said(result);
    const pgm::MonoTime now = pgm::loopNow(event_);
    // Another status only if it can start before the deadline.
    if (result.ending == pgm::CommandEnding::TimedOut || now + statusInterval_ >= attempt.deadline) {
        finish(node, false, "not confirmed off within FenceTimeoutSec=" + seconds(timeout_) + " (last status: " +
                                attempt.lastStatus + ")");
        return;
    }
    attempt.nextStatus.armAt(now + statusInterval_);
}

void FenceAgent::finish(const std::string& node, bool off, std::string detail)
{
    // Out of the map before the report, which may start a new fence of the node.
    auto done = attempts_.extract(node);
    if (!done.empty())
        finished_.push_back(std::move(done.mapped()));
    report_(FenceOutcome{node, off, std::move(detail)});
}

} // namespace pgmd
