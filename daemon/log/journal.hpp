#pragma once
// pgmd's log: structured journal entries for what operators search for
// (state transitions, escalation steps, the audit trail of requests), and
// the shared plain messages (common/log) for the rest, under one name.

#include "request_entry.hpp"

#include "common/log/journal.hpp"
#include "common/log/level.hpp"

#include <string>

namespace pgmd::log {

// A group changed state. Priority info, notice when it becomes unavailable.
void transition(const std::string& group, const std::string& layer, const std::string& from,
                const std::string& to, const std::string& reason);

// An escalation step was taken; `group` is "" for host-wide steps. Priority
// warning, err for reboot and exhausted.
void escalation(const std::string& group, const std::string& layer, const std::string& step,
                const std::string& reason);

// An operator's or application's request over the bus, as the audit trail
// records it.
void request(const RequestRecord& record);

// The cluster moved a pair's active half (notice); a pair was frozen
// (warning) or thawed (info).
void failover(const std::string& group, const std::string& fromNode, const std::string& toNode,
              const std::string& reason);
void pairFrozen(const std::string& group, bool frozen, const std::string& why);
// A peer's diagnosed verdict changed; a link to it went down or came back
// (see structured_entries.hpp).
void peerVerdict(const std::string& node, const std::string& verdict, int link, bool lost,
                 const std::string& evidence);
void link(const std::string& node, unsigned link, bool up, const std::string& cause);
// A switch-over ended (info when completed, else warning); a lost node of a
// pair starts needing fencing (warning) or no longer does (info).
void switchoverEnded(const std::string& group, const std::string& fromNode, const std::string& toNode,
                     const std::string& byNode, const std::string& outcome, const std::string& reason);
void needsFencing(const std::string& group, const std::string& node, bool needed, const std::string& text);

using pgm::log::debug;
using pgm::log::error;
using pgm::log::info;
using pgm::log::warning;

} // namespace pgmd::log
