#include "text_width.hpp"

namespace pgmctl {

namespace {

// The bytes after the first of a UTF-8 sequence look like 10xxxxxx.
bool isContinuationByte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool isControl(char c)
{
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
}

// The byte length of the first `columns` code points of `text`.
std::size_t prefixBytes(std::string_view text, std::size_t columns)
{
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (isContinuationByte(text[i]))
            continue;
        if (seen == columns)
            return i;
        ++seen;
    }
    return text.size();
}

} // namespace

std::size_t displayWidth(std::string_view utf8)
{
    std::size_t width = 0;
    for (char c : utf8)
        if (!isContinuationByte(c))
            ++width;
    return width;
}

std::string truncateToWidth(std::string_view utf8, std::size_t width, std::string_view ellipsis)
{
    if (displayWidth(utf8) <= width)
        return std::string(utf8);
    std::size_t ellipsisWidth = displayWidth(ellipsis);
    if (width <= ellipsisWidth)
        return std::string(utf8.substr(0, prefixBytes(utf8, width)));
    return std::string(utf8.substr(0, prefixBytes(utf8, width - ellipsisWidth))) + std::string(ellipsis);
}

std::string printable(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        if (isControl(c))
            c = ' ';
    return out;
}

} // namespace pgmctl
