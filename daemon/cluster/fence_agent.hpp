#pragma once
// Runs the fence agent of FenceCommand= (pgmd.conf [Cluster]) against one
// node: `<command...> --action=off --plug=NODE`, then
// `<command...> --action=status --plug=NODE` every `statusInterval` until the
// agent reads the node as off or FenceTimeoutSec= has passed. fence_* agents
// answer status with exit 0 (on), 2 (off) or 1 (error).
//
// It decides nothing: a fence is reported successful only when the agent's
// status said off, and the outcome goes, once, to the callback. What to do
// with it (multicast it, retry) is the caller's business. The detail names
// the agent's exit and, when it failed, its last line on stderr; its stdout
// goes where pgmd's goes (the journal).

#include "core/model.hpp"
#include "common/loop/event_sources.hpp"
#include "common/process/command_runner.hpp"
#include "common/time/time.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <systemd/sd-event.h>

namespace pgmd {

struct FenceOutcome {
    std::string node;
    bool off = false;    // true only when the agent's status confirmed the node off
    std::string detail;  // for people and the journal: what the agent said, with its exit
};

class FenceAgent {
public:
    using Report = std::function<void(const FenceOutcome&)>;

    // SIGCHLD must be blocked (see pgm::CommandRunner). `spec` gives
    // FenceCommand= and FenceTimeoutSec=.
    FenceAgent(sd_event* event, const ClusterSpec& spec, Report report,
               Duration statusInterval = std::chrono::seconds(1));
    // Kills agents still running; their outcome is not reported.
    ~FenceAgent();
    FenceAgent(const FenceAgent&) = delete;
    FenceAgent& operator=(const FenceAgent&) = delete;

    // Starts fencing `node`; the outcome is reported later, from the loop,
    // never from inside this call. False (and nothing started) while a fence
    // of the same node is still under way.
    bool fence(const std::string& node);
    bool busy(const std::string& node) const { return attempts_.contains(node); }

private:
    struct Attempt;
    std::vector<std::string> argv(const std::string& action, const std::string& node) const;
    void onOff(const std::string& node, const pgm::CommandResult& result);
    void runStatus(const std::string& node);
    void onStatus(const std::string& node, const pgm::CommandResult& result);
    void finish(const std::string& node, bool off, std::string detail);

    sd_event* event_;
    std::vector<std::string> command_;
    Duration timeout_;
    Duration statusInterval_;
    Report report_;
    std::map<std::string, std::unique_ptr<Attempt>> attempts_;
    // Finished from inside their own timer's callback: freed later, from a
    // callback that is not theirs.
    std::vector<std::unique_ptr<Attempt>> finished_;
    // Last, so that it goes first: it kills the agents without reporting.
    pgm::CommandRunner runner_;
};

} // namespace pgmd
