#pragma once
// UTF-8 as D-Bus, the journal and terminals need it: strictly valid (no
// overlong forms, no surrogates, nothing above U+10FFFF).

#include <cstddef>
#include <string>
#include <string_view>

namespace pgm::text {

// The length of the valid UTF-8 sequence starting at text[pos], or 0 when
// the bytes there are not one (a stray continuation byte, a truncated or
// overlong sequence, a surrogate, or beyond U+10FFFF).
std::size_t validSequenceLength(std::string_view text, std::size_t pos);

bool isValidUtf8(std::string_view text);

// The longest prefix of `text` of at most maxBytes bytes that does not end
// inside a multi-byte sequence.
std::string_view prefixAtBoundary(std::string_view text, std::size_t maxBytes);

// `text` as given when it fits maxBytes; otherwise prefixAtBoundary(text,
// maxBytes) followed by "… (truncated from N bytes)": what is kept of a
// caller's text that goes into a log or a file.
std::string capped(std::string_view text, std::size_t maxBytes);

} // namespace pgm::text
