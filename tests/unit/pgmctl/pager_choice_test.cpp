#include "pager_choice.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

using Argv = std::vector<std::string>;

TEST(PagerChoice, LessByDefault)
{
    EXPECT_EQ(choosePager({nullptr, nullptr}), Argv{"less"});
}

TEST(PagerChoice, SystemdPagerBeforePager)
{
    EXPECT_EQ(choosePager({"most", "more"}), Argv{"most"});
    EXPECT_EQ(choosePager({nullptr, "more"}), Argv{"more"});
}

TEST(PagerChoice, SplitAtWhitespace)
{
    EXPECT_EQ(choosePager({" less  -S ", nullptr}), (Argv{"less", "-S"}));
}

TEST(PagerChoice, EmptyOrCatMeansNone)
{
    EXPECT_FALSE(choosePager({"", "more"}).has_value());
    EXPECT_FALSE(choosePager({"cat", "more"}).has_value());
    EXPECT_FALSE(choosePager({nullptr, ""}).has_value());
    EXPECT_FALSE(choosePager({nullptr, "cat"}).has_value());
}

} // namespace
} // namespace pgmctl
