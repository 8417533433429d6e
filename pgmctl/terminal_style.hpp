#pragma once
// Colour: whether to use it at all, and which colour a state gets; the
// characters that need a UTF-8 locale.

#include "output_settings.hpp"

#include <string>
#include <string_view>

namespace pgmctl {

struct ColourInputs {
    bool stdoutIsTerminal = false;
    bool noColorOption = false;
    const char* noColorVariable = nullptr;       // $NO_COLOR
    const char* systemdColorsVariable = nullptr;  // $SYSTEMD_COLORS
    const char* termVariable = nullptr;          // $TERM
};

// Never when the user said no: --no-color, NO_COLOR set to anything
// non-empty (no-color.org), or SYSTEMD_COLORS false ("0", "no", "false",
// "off"). Always when SYSTEMD_COLORS is true, as systemctl does. Otherwise
// only on a terminal that can show it (TERM set and not "dumb").
bool shouldUseColour(const ColourInputs& inputs);

enum class Tone { Plain, Good, Warning, Bad };

// active green; init yellow; standby plain; unavailable, offline and held red.
Tone stateTone(std::string_view state, bool held);

// The link to the independent computer: up green, connecting yellow, down red.
Tone linkStateTone(std::string_view state);

// A resource: ok green, unknown yellow, failing red.
Tone resourceStateTone(std::string_view state);

// The board's state for this host: armed green; grace and disarmed yellow;
// cycling and off-latched red.
Tone boardStateTone(std::string_view state);

// `text` wrapped in the tone's ANSI colour, or unchanged without colour.
std::string paint(std::string_view text, Tone tone, bool colour);

// A bullet and an ellipsis: Unicode in a UTF-8 locale, ASCII otherwise.
Glyphs glyphsFor(bool utf8Locale);

} // namespace pgmctl
