#include "common/text/utf8.hpp"

#include <gtest/gtest.h>

namespace pgm::text {
namespace {

TEST(IsValidUtf8, AcceptsAsciiAndWellFormedSequences)
{
    EXPECT_TRUE(isValidUtf8(""));
    EXPECT_TRUE(isValidUtf8("plain"));
    EXPECT_TRUE(isValidUtf8("é € 🙂 \xf4\x8f\xbf\xbf"));  // up to U+10FFFF
}

TEST(IsValidUtf8, RefusesMalformedSequences)
{
    EXPECT_FALSE(isValidUtf8("\xff"));
    EXPECT_FALSE(isValidUtf8("\xc3"));              // truncated
    EXPECT_FALSE(isValidUtf8("\xc3x"));             // no continuation
    EXPECT_FALSE(isValidUtf8("\xc0\xaf"));          // overlong
    EXPECT_FALSE(isValidUtf8("\xe0\x80\xaf"));      // overlong
    EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));      // surrogate
    EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(isValidUtf8("\x80"));              // stray continuation
}

TEST(PrefixAtBoundary, KeepsShortTextWhole)
{
    EXPECT_EQ(prefixAtBoundary("abc", 3), "abc");
    EXPECT_EQ(prefixAtBoundary("abc", 10), "abc");
}

TEST(PrefixAtBoundary, NeverSplitsASequence)
{
    const std::string text = "a€b";  // 'a', E2 82 AC, 'b'
    EXPECT_EQ(prefixAtBoundary(text, 1), "a");
    EXPECT_EQ(prefixAtBoundary(text, 2), "a");
    EXPECT_EQ(prefixAtBoundary(text, 3), "a");
    EXPECT_EQ(prefixAtBoundary(text, 4), "a€");
    EXPECT_EQ(prefixAtBoundary("🙂🙂", 7), "🙂");
    EXPECT_EQ(prefixAtBoundary("🙂", 0), "");
}

TEST(Capped, KeepsWhatFitsAndSaysHowLongTheRestWas)
{
    EXPECT_EQ(capped("abc", 3), "abc");
    EXPECT_EQ(capped("abcd", 3), "abc\u2026 (truncated from 4 bytes)");
    EXPECT_EQ(capped("a€b", 3), "a\u2026 (truncated from 5 bytes)");
}

} // namespace
} // namespace pgm::text
