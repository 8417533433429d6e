#pragma once
// A unified-diff-like report between an expected and an actual trace, so a
// mismatch reads as the change it is.

#include <string>
#include <vector>

namespace pgmd::scenario {

// Empty when the two are equal. Hunks show three lines of context; lines
// are numbered as in the expected file.
std::string unifiedDiff(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                        const std::string& expectedName, const std::string& actualName);

} // namespace pgmd::scenario
