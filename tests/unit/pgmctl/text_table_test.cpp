#include "text_table.hpp"
#include "text_width.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

TEST(TextWidth, CountsCodePointsNotBytes)
{
    EXPECT_EQ(displayWidth("abc"), 3u);
    EXPECT_EQ(displayWidth("\u00e4\u00f6\u00fc"), 3u);
    EXPECT_EQ(displayWidth(""), 0u);
}

TEST(TextWidth, WideCharactersTakeTwoColumnsCombiningMarksNone)
{
    EXPECT_EQ(displayWidth("\u8ba1\u8d39"), 4u);            // CJK
    EXPECT_EQ(displayWidth("\U0001F680 ok"), 5u);           // an emoji, a space, two letters
    EXPECT_EQ(displayWidth("e\u0301te\u0301"), 3u);         // e + combining acute accent
    EXPECT_EQ(displayWidth("a\u200bb"), 2u);                // zero width space
}

TEST(TextWidth, TruncateNeverSplitsAWideCharacterOrItsMarks)
{
    // Three columns after the ellipsis leave room for one CJK character.
    EXPECT_EQ(truncateToWidth("\u8ba1\u8d39\u7cfb\u7edf", 4, "\u2026"), "\u8ba1\u2026");
    EXPECT_EQ(truncateToWidth("e\u0301e\u0301e\u0301e\u0301", 3, "\u2026"), "e\u0301e\u0301\u2026");
    EXPECT_EQ(truncateToWidth("\U0001F680\U0001F680", 3, ""), "\U0001F680");
}

TEST(TextWidth, Truncate)
{
    EXPECT_EQ(truncateToWidth("exited with code 1", 18, "..."), "exited with code 1");
    EXPECT_EQ(truncateToWidth("exited with code 1", 10, "..."), "exited ...");
    EXPECT_EQ(truncateToWidth("exited with code 1", 10, "\u2026"), "exited wi\u2026");
    EXPECT_EQ(truncateToWidth("\u00e4\u00f6\u00fc\u00e4\u00f6\u00fc", 4, "\u2026"), "\u00e4\u00f6\u00fc\u2026");
    EXPECT_EQ(truncateToWidth("abcdef", 2, "..."), "ab");
}

TEST(TextWidth, ControlCharactersBecomeSpaces)
{
    EXPECT_EQ(printable("line one\nline two\x1b[31m\t"), "line one line two [31m ");
    EXPECT_EQ(printable("caf\u00e9"), "caf\u00e9");
}

TEST(TextTable, ColumnsAsWideAsTheWidestCell)
{
    TextTable table({"GROUP", "STATE", "FAULT"});
    table.addRow({{"billing"}, {"active"}, {"-"}});
    table.addRow({{"db"}, {"unavailable"}, {"killed"}});
    EXPECT_EQ(table.render({true, false, 0, "..."}),
              "GROUP   STATE       FAULT\n"
              "billing active      -\n"
              "db      unavailable killed\n");
}

TEST(TextTable, WithoutHeaderTheHeaderDoesNotWiden)
{
    TextTable table({"A-LONG-HEADER", "B"});
    table.addRow({{"x"}, {"y"}});
    EXPECT_EQ(table.render({false, false, 0, "..."}), "x y\n");
}

TEST(TextTable, LastColumnCutToTheWidth)
{
    TextTable table({"G", "LAST-FAULT"});
    table.addRow({{"billing"}, {"billing-api.service exited with status 1/FAILURE"}});
    EXPECT_EQ(table.render({true, false, 20, "..."}),
              "G       LAST-FAULT\n"
              "billing billing-a...\n");
}

TEST(TextTable, LastColumnKeepsAMinimumOnNarrowTerminals)
{
    TextTable table({"G", "F"});
    table.addRow({{"a-rather-long-group-name"}, {"a fault reason that is long"}});
    std::string out = table.render({false, false, 10, "..."});
    EXPECT_EQ(out, "a-rather-long-group-name a fault...\n");
}

TEST(TextTable, ColumnsLeftOutInTheGivenOrderWhenNarrow)
{
    TextTable table({"NAME", "A", "B", "FAULT"});
    table.setNarrowing({{2, 1}, 10, 0});
    table.addRow({{"x"}, {"aaaa"}, {"bbbb"}, {"a long fault text"}});
    // NAME 5, A 5, B 5: 15 before the fault, which wants 10.
    EXPECT_EQ(table.render({true, false, 25, "..."}), "NAME A    B    FAULT\nx    aaaa bbbb a long ...\n");
    EXPECT_EQ(table.render({true, false, 24, "..."}), "NAME A    FAULT\nx    aaaa a long faul...\n");
    EXPECT_EQ(table.render({true, false, 19, "..."}), "NAME FAULT\nx    a long faul...\n");
}

TEST(TextTable, FirstColumnCutWhenNothingElseGives)
{
    TextTable table({"NAME", "FAULT"});
    table.setNarrowing({{}, 10, 8});
    table.addRow({{"a-very-long-group-name"}, {"a long fault text"}});
    EXPECT_EQ(table.render({false, false, 30, "..."}), "a-very-long-grou... a long ...\n");
    // Never below the minimum: then the line is wider than the terminal.
    EXPECT_EQ(table.render({false, false, 12, "..."}), "a-ver... a long ...\n");
}

TEST(TextTable, ColourDoesNotCountAsWidth)
{
    TextTable table({"S", "N"});
    table.addRow({{"active", Tone::Good}, {"1"}});
    table.addRow({{"down", Tone::Bad}, {"2"}});
    EXPECT_EQ(table.render({false, true, 0, "..."}),
              "\x1b[0;1;32mactive\x1b[0m 1\n"
              "\x1b[0;1;31mdown\x1b[0m   2\n");
}

TEST(TextTable, ShortRowsArePaddedAndCellsMadePrintable)
{
    TextTable table({"A", "B", "C"});
    table.addRow({{"x\ny"}});
    EXPECT_EQ(table.render({false, false, 0, "..."}), "x y\n");
}

} // namespace
} // namespace pgmctl
