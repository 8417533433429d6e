#include "line_diff.hpp"

#include <algorithm>

namespace pgmd::scenario {

namespace {

struct Edit {
    char op;  // ' ', '-', '+'
    std::string line;
    std::size_t expectedLine;  // 1-based, of the expected line at or before it
};

// Longest common subsequence: traces are a few hundred lines at most.
std::vector<Edit> edits(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
    std::vector<std::vector<std::size_t>> lcs(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
    for (std::size_t i = a.size(); i-- > 0;)
        for (std::size_t j = b.size(); j-- > 0;)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::vector<Edit> out;
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a[i] == b[j]) {
            out.push_back({' ', a[i], i + 1});
            ++i, ++j;
        } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] > lcs[i + 1][j])) {
            out.push_back({'+', b[j++], i});
        } else {
            out.push_back({'-', a[i], i + 1});
            ++i;
        }
    }
    return out;
}

} // namespace

std::string unifiedDiff(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                        const std::string& expectedName, const std::string& actualName)
{
    if (expected == actual)
        return {};
    const std::vector<Edit> all = edits(expected, actual);
    constexpr std::size_t context = 3;
    std::vector<bool> shown(all.size(), false);
    for (std::size_t k = 0; k < all.size(); ++k)
        if (all[k].op != ' ')
            for (std::size_t c = k >= context ? k - context : 0; c < std::min(all.size(), k + context + 1); ++c)
                shown[c] = true;
    std::string out = "--- " + expectedName + "\n+++ " + actualName + "\n";
    for (std::size_t k = 0; k < all.size(); ++k) {
        if (!shown[k])
            continue;
        if (k == 0 || !shown[k - 1])
            out += "@@ expected line " + std::to_string(std::max<std::size_t>(all[k].expectedLine, 1)) + " @@\n";
        out += all[k].op + all[k].line + "\n";
    }
    return out;
}

} // namespace pgmd::scenario
