#include "common/text/utf8.hpp"

#include <cstdint>

namespace pgm::text {

std::size_t validSequenceLength(std::string_view s, std::size_t i)
{
    const auto lead = static_cast<unsigned char>(s[i]);
    // Continuation bytes after the lead: 0 for ASCII, 1..3 for multi-byte
    // sequences; C0, C1 and F5..FF never start a valid sequence.
    std::size_t extra;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        extra = 1;
    else if (lead >= 0xE0 && lead <= 0xEF)
        extra = 2;
    else if (lead >= 0xF0 && lead <= 0xF4)
        extra = 3;
    else
        return 0;
    if (i + extra >= s.size())
        return 0;
    std::uint32_t cp = lead & (0x7F >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
        const auto next = static_cast<unsigned char>(s[i + k]);
        if ((next & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (next & 0x3F);
    }
    const bool overlong = (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return extra + 1;
}

bool isValidUtf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = validSequenceLength(s, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

std::string_view prefixAtBoundary(std::string_view text, std::size_t maxBytes)
{
    if (text.size() <= maxBytes)
        return text;
    std::size_t end = maxBytes;
    // Back up over continuation bytes (10xxxxxx) to the start of the
    // sequence the cut would split; at most three of them.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80 && maxBytes - end < 3)
        --end;
    return text.substr(0, end);
}

std::string capped(std::string_view text, std::size_t maxBytes)
{
    if (text.size() <= maxBytes)
        return std::string(text);
    return std::string(prefixAtBoundary(text, maxBytes)) + "\u2026 (truncated from " + std::to_string(text.size()) +
           " bytes)";
}

} // namespace pgm::text
