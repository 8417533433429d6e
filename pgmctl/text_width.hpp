#pragma once
// Measuring and cutting UTF-8 text for a terminal, in the columns a terminal
// gives it: two for wide characters (CJK, most emoji), none for combining
// marks and other zero-width characters, one for the rest.

#include <cstddef>
#include <string>
#include <string_view>

namespace pgmctl {

std::size_t displayWidth(std::string_view utf8);

// At most `width` columns; when cut, the end is replaced by `ellipsis`. A cut
// never splits a character, nor a character from its combining marks.
std::string truncateToWidth(std::string_view utf8, std::size_t width, std::string_view ellipsis);

// Control characters (newlines, escape sequences) from the bus would break
// the layout or drive the terminal: each becomes a space.
std::string printable(std::string_view text);

} // namespace pgmctl
