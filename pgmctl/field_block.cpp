#include "field_block.hpp"

#include "text_width.hpp"

#include <algorithm>

namespace pgmctl {

std::string renderFields(const std::vector<Field>& fields)
{
    std::size_t width = 0;
    for (const Field& f : fields)
        width = std::max(width, displayWidth(f.label));

    std::string out;
    for (const Field& f : fields) {
        std::string indent(width + 2, ' ');
        out += std::string(width - displayWidth(f.label), ' ') + f.label + ":";
        for (std::size_t i = 0; i < f.lines.size(); ++i)
            out += (i == 0 ? " " : indent) + f.lines[i] + "\n";
        if (f.lines.empty())
            out += "\n";
    }
    return out;
}

std::string renderHeader(std::string_view bullet, Tone tone, const std::string& title, bool colour)
{
    return paint(bullet, tone, colour) + " " + title + "\n";
}

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

} // namespace pgmctl
