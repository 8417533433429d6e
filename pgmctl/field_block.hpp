#pragma once
// The blocks `status` and `icd` print, as systemctl status does: a header
// line with a coloured bullet, then "Label: value" lines with the labels
// right-aligned on the colon. A field may span several lines.

#include "terminal_style.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pgmctl {

struct Field {
    std::string label;
    std::vector<std::string> lines;  // the first follows the label, the rest align under it
};

std::string renderFields(const std::vector<Field>& fields);

// "● title\n", the bullet in the colour of `tone`.
std::string renderHeader(std::string_view bullet, Tone tone, const std::string& title, bool colour);

// Rendered lines (a table's) for a multi-line Field; no trailing empty line.
std::vector<std::string> splitLines(const std::string& text);

} // namespace pgmctl
