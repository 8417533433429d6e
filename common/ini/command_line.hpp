#pragma once
// Splitting a command line into words, without a shell.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

// Words are separated by spaces or tabs. "double" and 'single' quotes group
// words containing spaces and may adjoin other text ("a"b is one word, ab);
// "" is an empty word. A backslash escapes the next character anywhere, with
// \n, \t and \r meaning newline, tab and carriage return. nullopt when a quote
// is left open or the text ends in a lone backslash.
std::optional<std::vector<std::string>> splitCommandLine(std::string_view);

} // namespace pgm
