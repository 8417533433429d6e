#include "common/text/escape.hpp"

#include "common/text/utf8.hpp"

namespace pgm::text {

namespace {

void appendEscaped(std::string& out, std::string_view bytes)
{
    static constexpr char kHex[] = "0123456789abcdef";
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out += "\\x";
        out += kHex[b >> 4];
        out += kHex[b & 0x0F];
    }
}

// A valid sequence that a terminal would act on rather than show.
bool isControl(std::string_view sequence)
{
    const auto b0 = static_cast<unsigned char>(sequence[0]);
    if (sequence.size() == 1)
        return b0 < 0x20 || b0 == 0x7F;
    if (sequence.size() == 2)
        return b0 == 0xC2 && static_cast<unsigned char>(sequence[1]) < 0xA0;  // U+0080..U+009F
    if (sequence.size() == 3 && b0 == 0xE2) {
        const auto b1 = static_cast<unsigned char>(sequence[1]);
        const auto b2 = static_cast<unsigned char>(sequence[2]);
        const bool overrides = b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE;   // U+202A..U+202E
        const bool isolates = b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9;    // U+2066..U+2069
        return overrides || isolates;
    }
    return false;
}

} // namespace

std::string escapeForDisplay(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t n = validSequenceLength(text, i);
        if (n == 0) {
            appendEscaped(out, text.substr(i, 1));
            ++i;
            continue;
        }
        const std::string_view sequence = text.substr(i, n);
        if (isControl(sequence))
            appendEscaped(out, sequence);
        else
            out += sequence;
        i += n;
    }
    return out;
}

} // namespace pgm::text
