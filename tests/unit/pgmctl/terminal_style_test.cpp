#include "terminal_style.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

TEST(Colour, OnlyOnATerminal)
{
    EXPECT_TRUE(shouldUseColour({true, false, nullptr, nullptr, "xterm-256color"}));
    EXPECT_FALSE(shouldUseColour({false, false, nullptr, nullptr, "xterm-256color"}));
}

TEST(Colour, NeverWhenTheUserSaysNo)
{
    EXPECT_FALSE(shouldUseColour({true, true, nullptr, nullptr, "xterm"}));
    EXPECT_FALSE(shouldUseColour({true, false, "1", nullptr, "xterm"}));
    EXPECT_FALSE(shouldUseColour({true, false, nullptr, "0", "xterm"}));
    EXPECT_FALSE(shouldUseColour({true, false, nullptr, "false", "xterm"}));
    // no-color.org: an empty NO_COLOR does not count.
    EXPECT_TRUE(shouldUseColour({true, false, "", nullptr, "xterm"}));
}

TEST(Colour, SystemdColorsForcesItButNotOverNo)
{
    EXPECT_TRUE(shouldUseColour({false, false, nullptr, "1", nullptr}));
    EXPECT_TRUE(shouldUseColour({false, false, nullptr, "256", "dumb"}));
    EXPECT_FALSE(shouldUseColour({false, true, nullptr, "1", nullptr}));
    EXPECT_FALSE(shouldUseColour({false, false, "1", "yes", nullptr}));
    // Not a boolean: no say, the terminal decides.
    EXPECT_TRUE(shouldUseColour({true, false, nullptr, "maybe", "xterm"}));
}

TEST(Colour, NotOnADumbOrUnknownTerminal)
{
    EXPECT_FALSE(shouldUseColour({true, false, nullptr, nullptr, "dumb"}));
    EXPECT_FALSE(shouldUseColour({true, false, nullptr, nullptr, nullptr}));
    EXPECT_FALSE(shouldUseColour({true, false, nullptr, nullptr, ""}));
}

TEST(StateTone, ByState)
{
    EXPECT_EQ(stateTone("active", false), Tone::Good);
    EXPECT_EQ(stateTone("standby", false), Tone::Plain);
    EXPECT_EQ(stateTone("init", false), Tone::Warning);
    EXPECT_EQ(stateTone("unavailable", false), Tone::Bad);
    EXPECT_EQ(stateTone("offline", false), Tone::Bad);
    EXPECT_EQ(stateTone("something-new", false), Tone::Plain);
}

TEST(StateTone, HeldIsAlwaysBad)
{
    EXPECT_EQ(stateTone("standby", true), Tone::Bad);
}

TEST(StateTone, LinkState)
{
    EXPECT_EQ(linkStateTone("up"), Tone::Good);
    EXPECT_EQ(linkStateTone("connecting"), Tone::Warning);
    EXPECT_EQ(linkStateTone("down"), Tone::Bad);
    EXPECT_EQ(linkStateTone("something-new"), Tone::Plain);
}

TEST(StateTone, BoardState)
{
    EXPECT_EQ(boardStateTone("armed"), Tone::Good);
    EXPECT_EQ(boardStateTone("grace"), Tone::Warning);
    EXPECT_EQ(boardStateTone("disarmed"), Tone::Warning);
    EXPECT_EQ(boardStateTone("cycling"), Tone::Bad);
    EXPECT_EQ(boardStateTone("off-latched"), Tone::Bad);
    EXPECT_EQ(boardStateTone(""), Tone::Plain);
}

TEST(Paint, OnlyWithColour)
{
    EXPECT_EQ(paint("active", Tone::Good, false), "active");
    EXPECT_EQ(paint("active", Tone::Good, true), "\x1b[0;1;32mactive\x1b[0m");
    EXPECT_EQ(paint("standby", Tone::Plain, true), "standby");
}

TEST(Glyphs, AsciiOutsideUtf8)
{
    EXPECT_EQ(glyphsFor(false).bullet, "*");
    EXPECT_EQ(glyphsFor(false).ellipsis, "...");
    EXPECT_EQ(glyphsFor(true).bullet, "\u25cf");
    EXPECT_EQ(glyphsFor(true).ellipsis, "\u2026");
}

} // namespace
} // namespace pgmctl
