#include "common/text/escape.hpp"

#include <gtest/gtest.h>

namespace pgm::text {
namespace {

TEST(EscapeForDisplay, KeepsPrintableText)
{
    EXPECT_EQ(escapeForDisplay("web.service: Layer=platform"), "web.service: Layer=platform");
    EXPECT_EQ(escapeForDisplay("Größe 5 €, 日本, 🙂"), "Größe 5 €, 日本, 🙂");
    EXPECT_EQ(escapeForDisplay(""), "");
}

TEST(EscapeForDisplay, KeepsBackslashesOfSystemdNames)
{
    EXPECT_EQ(escapeForDisplay(R"(dev-disk-by\x2dlabel.device)"), R"(dev-disk-by\x2dlabel.device)");
}

TEST(EscapeForDisplay, EscapesTerminalControls)
{
    EXPECT_EQ(escapeForDisplay("a\x1b[31mred"), R"(a\x1b[31mred)");
    EXPECT_EQ(escapeForDisplay("a\x1c" "b"), R"(a\x1cb)");
    EXPECT_EQ(escapeForDisplay("line\nnext\ttab\r"), R"(line\x0anext\x09tab\x0d)");
    EXPECT_EQ(escapeForDisplay(std::string("nul\0end", 7)), R"(nul\x00end)");
    EXPECT_EQ(escapeForDisplay("del\x7f"), R"(del\x7f)");
}

TEST(EscapeForDisplay, EscapesC1ControlsAsTheirTwoBytes)
{
    EXPECT_EQ(escapeForDisplay("\xc2\x9b" "31m"), R"(\xc2\x9b31m)");
    EXPECT_EQ(escapeForDisplay("\xc2\xa0"), "\xc2\xa0");  // no-break space is printable
}

TEST(EscapeForDisplay, EscapesBidirectionalOverrides)
{
    EXPECT_EQ(escapeForDisplay("a\xe2\x80\xae" "b"), R"(a\xe2\x80\xaeb)");  // U+202E
    EXPECT_EQ(escapeForDisplay("a\xe2\x81\xa6" "b"), R"(a\xe2\x81\xa6b)");  // U+2066
    EXPECT_EQ(escapeForDisplay("a\xe2\x80\xa6" "b"), "a\xe2\x80\xa6" "b");  // U+2026 … is text
}

TEST(EscapeForDisplay, EscapesEveryByteThatIsNotValidUtf8)
{
    EXPECT_EQ(escapeForDisplay("ok\xff\xfe"), R"(ok\xff\xfe)");
    EXPECT_EQ(escapeForDisplay("\xc3"), R"(\xc3)");                // truncated sequence
    EXPECT_EQ(escapeForDisplay("\xc0\xaf"), R"(\xc0\xaf)");        // overlong '/'
    EXPECT_EQ(escapeForDisplay("\xed\xa0\x80"), R"(\xed\xa0\x80)"); // surrogate
    EXPECT_EQ(escapeForDisplay("\x80" "a"), R"(\x80a)");           // stray continuation
    // A bad byte does not swallow the valid text after it.
    EXPECT_EQ(escapeForDisplay("\xe2\x82" "é"), "\\xe2\\x82é");
}

} // namespace
} // namespace pgm::text
