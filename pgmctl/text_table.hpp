#pragma once
// A table laid out in columns as wide as their widest cell, separated by one
// space, like systemctl's lists. On a terminal the last column is cut so that
// rows fit its width.

#include "terminal_style.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pgmctl {

struct Cell {
    std::string text;
    Tone tone = Tone::Plain;
};

struct TableLayout {
    bool header = true;
    bool colour = false;
    std::size_t width = 0;  // 0: no limit
    std::string_view ellipsis = "...";
};

class TextTable {
public:
    explicit TextTable(std::vector<std::string> headers);

    // A row with fewer cells than headers is padded with empty ones.
    void addRow(std::vector<Cell> cells);

    // One line per row (and the header), each ending in a newline.
    std::string render(const TableLayout& layout) const;

private:
    std::vector<std::size_t> columnWidths(bool withHeader) const;

    std::vector<std::string> headers_;
    std::vector<std::vector<Cell>> rows_;
};

} // namespace pgmctl
