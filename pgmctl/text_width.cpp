#include "text_width.hpp"

// libunistring's widths follow the Unicode tables of its release and are kept
// up to date by Debian; a table written here would fall behind with every new
// Unicode version (and emoji are added to it each year).
#include <unistr.h>
#include <uniwidth.h>

#include <cstdint>

namespace pgmctl {

namespace {

// The encoding uniwidth asks for decides the ambiguous-width characters
// (Greek, Cyrillic, box drawing): one column, as in a UTF-8 locale.
constexpr const char* kEncoding = "UTF-8";

bool isControl(char c)
{
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
}

struct Character {
    std::size_t bytes;
    std::size_t columns;
};

// The first character of `text` (not empty). Invalid UTF-8 counts as one
// replacement character per byte, as a terminal shows it; a control character
// (never in printable() text) as nothing.
Character firstCharacter(std::string_view text)
{
    ucs4_t uc = 0;
    int length = u8_mbtouc(&uc, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    int columns = uc_width(uc, kEncoding);
    return {static_cast<std::size_t>(length > 0 ? length : 1), static_cast<std::size_t>(columns > 0 ? columns : 0)};
}

// The byte length of the longest start of `text` that fits in `columns`.
std::size_t prefixBytes(std::string_view text, std::size_t columns)
{
    std::size_t used = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        Character c = firstCharacter(text.substr(i));
        if (used + c.columns > columns)
            break;
        used += c.columns;
        i += c.bytes;
    }
    return i;
}

} // namespace

std::size_t displayWidth(std::string_view utf8)
{
    std::size_t width = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        Character c = firstCharacter(utf8.substr(i));
        width += c.columns;
        i += c.bytes;
    }
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
