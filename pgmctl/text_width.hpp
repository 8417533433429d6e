#pragma once
// Measuring and cutting UTF-8 text for a terminal. Each code point counts as
// one column: pgmd's names and reasons are not expected to hold wide
// characters, and an occasional misalignment is better than a wrong cut.

#include <cstddef>
#include <string>
#include <string_view>

namespace pgmctl {

std::size_t displayWidth(std::string_view utf8);

// At most `width` columns; when cut, the end is replaced by `ellipsis`.
std::string truncateToWidth(std::string_view utf8, std::size_t width, std::string_view ellipsis);

// Control characters (newlines, escape sequences) from the bus would break
// the layout or drive the terminal: each becomes a space.
std::string printable(std::string_view text);

} // namespace pgmctl
