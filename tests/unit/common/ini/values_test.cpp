#include "common/ini/config_error.hpp"
#include "common/ini/values.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pgm {
namespace {

TEST(ParseSize, PlainBytesAndBinarySuffixes)
{
    EXPECT_EQ(parseSize("512"), 512u);
    EXPECT_EQ(parseSize("512B"), 512u);
    EXPECT_EQ(parseSize("10K"), 10u * 1024);
    EXPECT_EQ(parseSize("500M"), 500ULL << 20);
    EXPECT_EQ(parseSize("1G"), 1ULL << 30);
    EXPECT_EQ(parseSize("2T"), 2ULL << 40);
    EXPECT_EQ(parseSize("3P"), 3ULL << 50);
    EXPECT_EQ(parseSize("1E"), 1ULL << 60);
    EXPECT_EQ(parseSize("0"), 0u);
}

TEST(ParseSize, Fractions)
{
    EXPECT_EQ(parseSize("1.5G"), 3ULL << 29);
    EXPECT_EQ(parseSize("0.5K"), 512u);
    EXPECT_EQ(parseSize("1.0001K"), 1024u);  // the part below a byte is dropped
}

TEST(ParseSize, RejectsMalformedText)
{
    for (const char* bad : {"", "K", "1KB", "1k", "1g", "-1", "+1", " 1", "1 ", "1 G", "1.G", ".5G", "1Q", "0x10"})
        EXPECT_EQ(parseSize(bad), std::nullopt) << "'" << bad << "'";
}

TEST(ParseSize, RejectsOverflow)
{
    EXPECT_EQ(parseSize("16E"), std::nullopt);
    EXPECT_EQ(parseSize("18446744073709551616"), std::nullopt);
    EXPECT_EQ(parseSize("18446744073709551615"), 18446744073709551615ULL);
    EXPECT_EQ(parseSize("15.9999E"), 18446628781559090931ULL);  // 159999 << 60 / 10000, exactly
}

TEST(ParseBoolean, AcceptsEverySpellingInAnyCase)
{
    for (const char* yes : {"yes", "YES", "Yes", "true", "True", "on", "ON", "1"})
        EXPECT_EQ(parseBoolean(yes), true) << yes;
    for (const char* no : {"no", "NO", "false", "FALSE", "off", "Off", "0"})
        EXPECT_EQ(parseBoolean(no), false) << no;
}

TEST(ParseBoolean, RejectsAnythingElse)
{
    for (const char* bad : {"", "y", "n", "2", "yess", " yes", "enable", "maybe"})
        EXPECT_EQ(parseBoolean(bad), std::nullopt) << "'" << bad << "'";
}

TEST(ParseCount, DecimalThatFitsUnsigned)
{
    EXPECT_EQ(parseCount("0"), 0u);
    EXPECT_EQ(parseCount("3"), 3u);
    EXPECT_EQ(parseCount("4294967295"), 4294967295u);
    for (const char* bad : {"", "-1", "+1", "1.5", " 1", "1 ", "4294967296", "x"})
        EXPECT_EQ(parseCount(bad), std::nullopt) << "'" << bad << "'";
}

TEST(Names, FollowTheNameRule)
{
    for (std::string good : {"a", "billing", "billing-api", "node_b", "v1.2", "A9", "a-"})
        EXPECT_TRUE(isValidName(good)) << good;
    EXPECT_TRUE(isValidName(std::string(64, 'x')));
    EXPECT_FALSE(isValidName(std::string(65, 'x')));
    for (std::string bad : {"", "-a", ".a", "a b", "a/b", "a@b", "ä", "a:b"})
        EXPECT_FALSE(isValidName(bad)) << bad;
}

TEST(Names, ServiceUnits)
{
    for (const char* good : {"a.service", "billing-api.service", "getty@tty1.service", "x\\x2dy.service",
                             "a:b_c.d.service"})
        EXPECT_TRUE(isServiceUnitName(good)) << good;
    for (const char* bad : {".service", "a", "a.socket", "a.service.d", "getty@.service", "@a.service",
                            "a@b@c.service", "a b.service", "a/b.service"})
        EXPECT_FALSE(isServiceUnitName(bad)) << bad;
}

TEST(Names, Users)
{
    for (const char* good : {"nobody", "billing-svc", "_apt", "1000", "a.b"})
        EXPECT_TRUE(isValidUserName(good)) << good;
    for (const char* bad : {"", "-x", ".x", "a b", "a:b", "a/b"})
        EXPECT_FALSE(isValidUserName(bad)) << bad;
    EXPECT_TRUE(isValidUserName(std::string(32, 'u')));
    EXPECT_FALSE(isValidUserName(std::string(33, 'u')));
}

TEST(Names, EnvironmentAssignments)
{
    for (const char* good : {"A=1", "A=", "_x9=a=b", "PATH=/bin:/usr/bin"})
        EXPECT_TRUE(isEnvironmentAssignment(good)) << good;
    for (const char* bad : {"A", "=1", "1A=2", "A-B=1", "A B=1"})
        EXPECT_FALSE(isEnvironmentAssignment(bad)) << bad;
}

TEST(Paths, AbsoluteOnly)
{
    EXPECT_TRUE(isAbsolutePath("/"));
    EXPECT_TRUE(isAbsolutePath("/srv/data"));
    EXPECT_FALSE(isAbsolutePath(""));
    EXPECT_FALSE(isAbsolutePath("srv"));
    EXPECT_FALSE(isAbsolutePath("./srv"));
}

TEST(FormatError, LeavesOutWhatIsUnknown)
{
    EXPECT_EQ(format({"a.group", 3, "Layer", "bad"}), "a.group:3: Layer: bad");
    EXPECT_EQ(format({"a.group", 0, "Layer", "bad"}), "a.group: Layer: bad");
    EXPECT_EQ(format({"a.group", 3, "", "bad"}), "a.group:3: bad");
    EXPECT_EQ(format({"dir", 0, "", "missing"}), "dir: missing");
}

} // namespace
} // namespace pgm
