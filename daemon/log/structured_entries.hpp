#pragma once
// pgmd's structured entries (state transitions, escalation steps) with the
// fields and MESSAGE_IDs operators search for, built apart from sending them
// so that their wording can be checked without a journal.

#include "common/log/entry.hpp"

#include <string>

namespace pgmd::log {

using pgm::log::Entry;

Entry transitionEntry(const std::string& group, const std::string& layer, const std::string& from,
                      const std::string& to, const std::string& reason);
Entry escalationEntry(const std::string& group, const std::string& layer, const std::string& step,
                      const std::string& reason);
// The cluster moved a pair's active half (notice), or froze or thawed a pair
// whose nodes disagree about its definition (warning; thawing is info).
Entry failoverEntry(const std::string& group, const std::string& fromNode, const std::string& toNode,
                    const std::string& reason);
Entry pairFrozenEntry(const std::string& group, bool frozen, const std::string& why);
// How a switch-over ended (info when completed, else warning); `byNode` is
// the node it was asked on.
Entry switchoverEndedEntry(const std::string& group, const std::string& fromNode, const std::string& toNode,
                           const std::string& byNode, const std::string& outcome, const std::string& reason);
// A lost node of a pair starts needing fencing (warning) or no longer does
// (info); `text` is the message (see FencingNotice in daemon/app).
Entry needsFencingEntry(const std::string& group, const std::string& node, bool needed, const std::string& text);

// A peer's diagnosed verdict changed (core/cluster/peer_diagnosis.hpp), by
// its name ("peer-nic", ...): one MESSAGE_ID per verdict. `link` < 0: the
// verdict names no link. Warning when the peer is lost, notice for degraded
// redundancy, info when healthy again.
Entry peerVerdictEntry(const std::string& node, const std::string& verdict, int link, bool lost,
                       const std::string& evidence);
// One knet link to a peer went down (warning, with its cause) or came back (info).
Entry linkEntry(const std::string& node, unsigned link, bool up, const std::string& cause);

} // namespace pgmd::log
