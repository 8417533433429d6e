#pragma once
// The small vocabulary scenario files share: splitting a line into words,
// time spans ("500ms", "30s", "5m", "1h") and budgets ("3/5m"), and how a
// trace prints a moment of the scenario.

#include "core/model.hpp"

#include <string>
#include <vector>

namespace pgmd::scenario {

std::vector<std::string> splitWords(const std::string& line);
// Joins words from `first` on, for free-text arguments such as reasons.
std::string joinWords(const std::vector<std::string>& words, std::size_t first);
Duration parseDuration(const std::string& word);
Budget parseBudget(const std::string& word);
// "+1.000s": milliseconds are what scenarios resolve; microseconds would only
// make traces noisier.
std::string formatOffset(Duration sinceStart);

} // namespace pgmd::scenario
