#pragma once
// A table laid out in columns as wide as their widest cell, separated by one
// space, like systemctl's lists. On a terminal the last column is cut so that
// rows fit its width; a table with a Narrowing also gives up columns first.

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

// How a table gives way on a terminal narrower than its rows.
struct Narrowing {
    // Columns (by index; never the last) left out, least important first,
    // for as long as the columns before the last leave it fewer than
    // lastColumnComfort columns. Then the last column is cut.
    std::vector<std::size_t> dropOrder;
    std::size_t lastColumnComfort = 20;
    // When even that does not fit, the first column (the names) is cut too,
    // down to this many columns at the least; 0: never.
    std::size_t firstColumnMinimum = 0;
};

class TextTable {
public:
    explicit TextTable(std::vector<std::string> headers);

    void setNarrowing(Narrowing narrowing);

    // A row with fewer cells than headers is padded with empty ones.
    void addRow(std::vector<Cell> cells);

    // One line per row (and the header), each ending in a newline.
    std::string render(const TableLayout& layout) const;

private:
    std::vector<std::size_t> columnWidths(bool withHeader) const;
    // The columns shown, and their widths, for a terminal of `width` (0: all).
    std::vector<std::size_t> visibleColumns(std::vector<std::size_t>& widths, std::size_t width) const;

    std::vector<std::string> headers_;
    Narrowing narrowing_;
    std::vector<std::vector<Cell>> rows_;
};

} // namespace pgmctl
