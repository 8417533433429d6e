#include "terminal_style.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace pgmctl {

namespace {

struct StateTone {
    std::string_view state;
    Tone tone;
};

constexpr std::array kStateTones{
    StateTone{"active", Tone::Good},
    StateTone{"standby", Tone::Plain},
    StateTone{"init", Tone::Warning},
    StateTone{"unavailable", Tone::Bad},
    StateTone{"offline", Tone::Bad},
};

// The link carries heartbeats only when up; connecting may yet come good.
constexpr std::array kLinkStateTones{
    StateTone{"up", Tone::Good},
    StateTone{"connecting", Tone::Warning},
    StateTone{"down", Tone::Bad},
};

// A resource not checked yet may still turn out failing.
constexpr std::array kResourceStateTones{
    StateTone{"ok", Tone::Good},
    StateTone{"unknown", Tone::Warning},
    StateTone{"failing", Tone::Bad},
};

// Only an armed board power-cycles this host when its heartbeats stop; in
// grace or disarmed it is not watching yet; cycling and off-latched it acts.
constexpr std::array kBoardStateTones{
    StateTone{"armed", Tone::Good},
    StateTone{"grace", Tone::Warning},
    StateTone{"disarmed", Tone::Warning},
    StateTone{"cycling", Tone::Bad},
    StateTone{"off-latched", Tone::Bad},
};

// Unknown states (a newer pgmd) stay plain.
template <std::size_t N>
Tone toneIn(const std::array<StateTone, N>& tones, std::string_view state)
{
    for (const StateTone& s : tones)
        if (s.state == state)
            return s.tone;
    return Tone::Plain;
}

struct ToneCode {
    Tone tone;
    std::string_view start;
};

constexpr std::array kToneCodes{
    ToneCode{Tone::Good, "\x1b[0;1;32m"},
    ToneCode{Tone::Warning, "\x1b[0;1;33m"},
    ToneCode{Tone::Bad, "\x1b[0;1;31m"},
};

constexpr std::string_view kReset = "\x1b[0m";

bool isSetAndNonEmpty(const char* value)
{
    return value != nullptr && value[0] != '\0';
}

struct BooleanWord {
    std::string_view word;
    bool value;
};

// systemd's boolean spellings; its colour modes ("16", "256", "24bit") all mean yes.
constexpr std::array kBooleanWords{
    BooleanWord{"1", true},
    BooleanWord{"yes", true},
    BooleanWord{"y", true},
    BooleanWord{"true", true},
    BooleanWord{"t", true},
    BooleanWord{"on", true},
    BooleanWord{"16", true},
    BooleanWord{"256", true},
    BooleanWord{"24bit", true},
    BooleanWord{"0", false},
    BooleanWord{"no", false},
    BooleanWord{"n", false},
    BooleanWord{"false", false},
    BooleanWord{"f", false},
    BooleanWord{"off", false},
};

// nullopt when unset or not a word systemd would accept: then it has no say.
std::optional<bool> systemdColours(const char* value)
{
    if (value == nullptr)
        return std::nullopt;
    for (const BooleanWord& b : kBooleanWords)
        if (b.word == value)
            return b.value;
    return std::nullopt;
}

} // namespace

Glyphs glyphsFor(bool utf8Locale)
{
    if (utf8Locale)
        return {"\u25cf", "\u2026"};
    return {"*", "..."};
}

bool shouldUseColour(const ColourInputs& in)
{
    if (in.noColorOption || isSetAndNonEmpty(in.noColorVariable))
        return false;
    if (std::optional<bool> forced = systemdColours(in.systemdColorsVariable))
        return *forced;
    if (!in.stdoutIsTerminal)
        return false;
    return isSetAndNonEmpty(in.termVariable) && std::string_view(in.termVariable) != "dumb";
}

Tone stateTone(std::string_view state, bool held)
{
    if (held)
        return Tone::Bad;
    return toneIn(kStateTones, state);
}

Tone linkStateTone(std::string_view state)
{
    return toneIn(kLinkStateTones, state);
}

Tone resourceStateTone(std::string_view state)
{
    return toneIn(kResourceStateTones, state);
}

Tone boardStateTone(std::string_view state)
{
    return toneIn(kBoardStateTones, state);
}

std::string paint(std::string_view text, Tone tone, bool colour)
{
    if (colour)
        for (const ToneCode& code : kToneCodes)
            if (code.tone == tone)
                return std::string(code.start) + std::string(text) + std::string(kReset);
    return std::string(text);
}

} // namespace pgmctl
