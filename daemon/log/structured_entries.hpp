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

} // namespace pgmd::log
