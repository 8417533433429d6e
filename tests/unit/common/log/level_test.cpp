#include "common/log/level.hpp"

#include <gtest/gtest.h>
#include <syslog.h>

namespace {

using namespace pgm::log;

TEST(LogLevel, ParsesSystemdNamesAndDigits)
{
    EXPECT_EQ(parseLevel("emerg"), LOG_EMERG);
    EXPECT_EQ(parseLevel("err"), LOG_ERR);
    EXPECT_EQ(parseLevel("warning"), LOG_WARNING);
    EXPECT_EQ(parseLevel("info"), LOG_INFO);
    EXPECT_EQ(parseLevel("debug"), LOG_DEBUG);
    EXPECT_EQ(parseLevel("0"), LOG_EMERG);
    EXPECT_EQ(parseLevel("7"), LOG_DEBUG);
}

TEST(LogLevel, RefusesAnythingElse)
{
    for (const char* bad : {"", "8", "-1", "Debug", "error", "warn", "07", "info "})
        EXPECT_EQ(parseLevel(bad), std::nullopt) << bad;
}

TEST(LogLevel, NamesRoundTrip)
{
    for (int level = LOG_EMERG; level <= LOG_DEBUG; ++level)
        EXPECT_EQ(parseLevel(levelName(level)), level);
    EXPECT_STREQ(levelName(42), "?");
}

TEST(LogLevel, DropsWhatIsLessUrgentThanTheLevel)
{
    EXPECT_EQ(level(), kDefaultLevel);
    EXPECT_TRUE(enabled(LOG_INFO));
    EXPECT_FALSE(enabled(LOG_DEBUG));

    setLevel(LOG_DEBUG);
    EXPECT_TRUE(enabled(LOG_DEBUG));

    setLevel(LOG_WARNING);
    EXPECT_TRUE(enabled(LOG_ERR));
    EXPECT_TRUE(enabled(LOG_WARNING));
    EXPECT_FALSE(enabled(LOG_NOTICE));
    EXPECT_FALSE(enabled(LOG_INFO));
    setLevel(kDefaultLevel);
}

} // namespace
