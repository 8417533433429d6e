#include "common/ini/command_line.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pgm {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

TEST(SplitCommandLine, PlainWords)
{
    EXPECT_THAT(splitCommandLine("/usr/bin/worker --flag value"),
                Optional(ElementsAre("/usr/bin/worker", "--flag", "value")));
    EXPECT_THAT(splitCommandLine("  a \t b  "), Optional(ElementsAre("a", "b")));
    EXPECT_THAT(splitCommandLine(""), Optional(IsEmpty()));
    EXPECT_THAT(splitCommandLine("   "), Optional(IsEmpty()));
}

TEST(SplitCommandLine, Quotes)
{
    EXPECT_THAT(splitCommandLine(R"(/bin/x "quoted arg" 'single one')"),
                Optional(ElementsAre("/bin/x", "quoted arg", "single one")));
    EXPECT_THAT(splitCommandLine(R"("it's" 'say "hi"')"), Optional(ElementsAre("it's", "say \"hi\"")));
    EXPECT_THAT(splitCommandLine(R"(a"b c"d)"), Optional(ElementsAre("ab cd")));
    EXPECT_THAT(splitCommandLine(R"(x "" '' y)"), Optional(ElementsAre("x", "", "", "y")));
}

TEST(SplitCommandLine, BackslashEscapes)
{
    EXPECT_THAT(splitCommandLine(R"(a\ b)"), Optional(ElementsAre("a b")));
    EXPECT_THAT(splitCommandLine(R"("a \"b\" c")"), Optional(ElementsAre("a \"b\" c")));
    EXPECT_THAT(splitCommandLine(R"('it\'s')"), Optional(ElementsAre("it's")));
    EXPECT_THAT(splitCommandLine(R"(\\ \$x)"), Optional(ElementsAre("\\", "$x")));
    EXPECT_THAT(splitCommandLine(R"(a\tb "c\nd" \r)"), Optional(ElementsAre("a\tb", "c\nd", "\r")));
}

TEST(SplitCommandLine, UnbalancedQuotesOrTrailingBackslash)
{
    for (const char* bad : {R"("open)", R"('open)", R"(a "b c)", R"(a 'b" c)", R"(a\)", R"("a\")"})
        EXPECT_EQ(splitCommandLine(bad), std::nullopt) << bad;
}

} // namespace
} // namespace pgm
