#pragma once
// Text from a file or a caller, made safe to show on a terminal or to write
// to the journal: control characters (which a terminal obeys: ESC starts an
// escape sequence) and bytes that are not valid UTF-8 (which the journal
// stores as a blob and shows as "[N B blob data]") become \xNN, one per byte.
// Printable text, including any valid non-ASCII UTF-8, is kept as it is.

#include <string>
#include <string_view>

namespace pgm::text {

// Escaped: C0 controls (newline and tab too: every message is one line),
// DEL, C1 controls (U+0080..U+009F; 0x9B is a CSI on some terminals), the
// bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069,
// which reorder what follows them on screen), and every byte of an invalid
// sequence. A backslash is kept: systemd names use \x2d escapes already.
std::string escapeForDisplay(std::string_view text);

} // namespace pgm::text
