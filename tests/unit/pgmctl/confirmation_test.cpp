// When pgmctl asks before power-cycling, and what counts as a yes.

#include "confirmation.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

TEST(Confirmation, ForceGoesWithoutAsking)
{
    EXPECT_EQ(confirmationFor(true, true), Confirmation::Go);
    EXPECT_EQ(confirmationFor(true, false), Confirmation::Go);
}

TEST(Confirmation, APersonAtATerminalIsAsked)
{
    EXPECT_EQ(confirmationFor(false, true), Confirmation::Ask);
}

TEST(Confirmation, AScriptWithoutForceIsRefused)
{
    EXPECT_EQ(confirmationFor(false, false), Confirmation::Refuse);
}

TEST(Confirmation, OnlyYesIsYes)
{
    for (const char* yes : {"y", "Y", "yes", "YES", "Yes", "  yes\n", "y\r"})
        EXPECT_TRUE(isYes(yes)) << '"' << yes << '"';
    for (const char* no : {"", "\n", "n", "no", "ye", "yes please", "billing", "1", "true"})
        EXPECT_FALSE(isYes(no)) << '"' << no << '"';
}

} // namespace
} // namespace pgmctl
