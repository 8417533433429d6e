#include "common/ini/config_error.hpp"

#include <gtest/gtest.h>

namespace pgm {
namespace {

TEST(FormatConfigError, LeavesOutWhatIsNotKnown)
{
    EXPECT_EQ(format({"/etc/pgmd/pgmd.conf", 3, "Key", "bad"}), "/etc/pgmd/pgmd.conf:3: Key: bad");
    EXPECT_EQ(format({"/etc/pgmd/pgmd.conf", 0, "", "bad"}), "/etc/pgmd/pgmd.conf: bad");
}

// A value, key or file name with a control byte in it would otherwise reach
// the operator's terminal (ESC starts an escape sequence) or the journal.
TEST(FormatConfigError, EscapesControlBytesInEveryPart)
{
    ConfigError e{"/etc/pgmd/groups.d/a\x1b[2J.group", 2, "Lay\x1c" "er",
                  "invalid value 'x\x1b]0;owned\x07' (expected system, platform or application)"};
    EXPECT_EQ(format(e), "/etc/pgmd/groups.d/a\\x1b[2J.group:2: Lay\\x1cer: "
                         "invalid value 'x\\x1b]0;owned\\x07' (expected system, platform or application)");
}

TEST(FormatConfigError, KeepsNonAsciiText)
{
    EXPECT_EQ(format({"/etc/pgmd/groups.d/größe.group", 1, "", "Description: «ok»"}),
              "/etc/pgmd/groups.d/größe.group:1: Description: «ok»");
}

} // namespace
} // namespace pgm
