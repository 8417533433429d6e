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

} // namespace pgmd::log
