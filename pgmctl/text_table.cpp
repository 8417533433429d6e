#include "text_table.hpp"

#include "text_width.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

namespace pgmctl {

namespace {

// Never cut the last column below this, however narrow the terminal: a few
// readable characters that wrap beat an unreadable scrap.
constexpr std::size_t kMinimumLastColumn = 10;

std::string renderLine(const std::vector<Cell>& cells, const std::vector<std::size_t>& widths,
                       std::size_t lastWidth, const TableLayout& layout)
{
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
        bool last = c + 1 == cells.size();
        // Only a column that Narrowing shrank holds cells wider than itself.
        std::string text = last ? (layout.width != 0 ? truncateToWidth(cells[c].text, lastWidth, layout.ellipsis)
                                                     : cells[c].text)
                                : truncateToWidth(cells[c].text, widths[c], layout.ellipsis);
        line += paint(text, cells[c].tone, layout.colour);
        if (!last)
            line += std::string(widths[c] - displayWidth(text) + 1, ' ');
    }
    // A last cell that is empty would leave the padding of the one before.
    line.erase(line.find_last_not_of(' ') + 1);
    return line + "\n";
}

template <typename T>
std::vector<T> pick(const std::vector<T>& all, const std::vector<std::size_t>& columns)
{
    std::vector<T> picked;
    for (std::size_t c : columns)
        picked.push_back(all[c]);
    return picked;
}

// The columns taken by all but the last column, with their separators.
std::size_t widthBeforeLast(const std::vector<std::size_t>& widths)
{
    std::size_t before = 0;
    for (std::size_t c = 0; c + 1 < widths.size(); ++c)
        before += widths[c] + 1;
    return before;
}

} // namespace

TextTable::TextTable(std::vector<std::string> headers)
    : headers_(std::move(headers))
{
}

void TextTable::addRow(std::vector<Cell> cells)
{
    cells.resize(headers_.size());
    for (Cell& cell : cells)
        cell.text = printable(cell.text);
    rows_.push_back(std::move(cells));
}

std::vector<std::size_t> TextTable::columnWidths(bool withHeader) const
{
    std::vector<std::size_t> widths(headers_.size(), 0);
    for (std::size_t c = 0; c < headers_.size(); ++c) {
        if (withHeader)
            widths[c] = displayWidth(headers_[c]);
        for (const auto& row : rows_)
            widths[c] = std::max(widths[c], displayWidth(row[c].text));
    }
    return widths;
}

void TextTable::setNarrowing(Narrowing narrowing)
{
    narrowing_ = std::move(narrowing);
}

std::vector<std::size_t> TextTable::visibleColumns(std::vector<std::size_t>& widths, std::size_t width) const
{
    std::vector<std::size_t> shown(headers_.size());
    std::iota(shown.begin(), shown.end(), 0);
    if (width == 0)
        return shown;
    const std::size_t lastWanted = widths.back();
    for (std::size_t column : narrowing_.dropOrder) {
        if (widthBeforeLast(pick(widths, shown)) + std::min(lastWanted, narrowing_.lastColumnComfort) <= width)
            break;
        std::erase(shown, column);
    }
    std::size_t needed = widthBeforeLast(pick(widths, shown)) + std::min(lastWanted, kMinimumLastColumn);
    if (narrowing_.firstColumnMinimum != 0 && shown.size() > 1 && needed > width) {
        std::size_t excess = std::min(widths.front(), needed - width);
        widths.front() = std::min(widths.front(), std::max(narrowing_.firstColumnMinimum, widths.front() - excess));
    }
    return shown;
}

std::string TextTable::render(const TableLayout& layout) const
{
    if (headers_.empty())
        return "";
    std::vector<std::size_t> allWidths = columnWidths(layout.header);
    std::vector<std::size_t> shown = visibleColumns(allWidths, layout.width);
    std::vector<std::size_t> widths = pick(allWidths, shown);

    std::size_t before = widthBeforeLast(widths);
    std::size_t lastWidth = std::max(layout.width > before ? layout.width - before : 0, kMinimumLastColumn);

    std::string out;
    if (layout.header) {
        std::vector<Cell> header;
        for (const std::string& h : headers_)
            header.push_back({h, Tone::Plain});
        out += renderLine(pick(header, shown), widths, lastWidth, layout);
    }
    for (const auto& row : rows_)
        out += renderLine(pick(row, shown), widths, lastWidth, layout);
    return out;
}

} // namespace pgmctl
