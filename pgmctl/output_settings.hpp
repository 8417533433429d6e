#pragma once
// How output is to look, decided once in main() from the options and the
// terminal, and handed to the pure rendering functions.

#include <cstddef>
#include <string_view>

namespace pgmctl {

enum class JsonMode { Off, Short, Pretty };

// Characters that need a UTF-8 locale, with ASCII stand-ins otherwise.
struct Glyphs {
    std::string_view bullet;
    std::string_view ellipsis;
};

struct OutputSettings {
    JsonMode json = JsonMode::Off;
    bool colour = false;
    bool legend = true;   // table header and "N groups listed." footer
    bool quiet = false;
    std::size_t width = 0;  // terminal columns to fit tables into; 0: no limit
    Glyphs glyphs{"*", "..."};
};

} // namespace pgmctl
