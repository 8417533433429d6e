// The libgpiod adapter's failures, which need no GPIO hardware.

#include "common/gpio/libgpiod_line.hpp"

#include <gtest/gtest.h>

#include <cerrno>

using namespace pgm::gpio;

TEST(LibgpiodLine, AMissingChipIsANamedError)
{
    try {
        LibgpiodInputLine line({"no-such-gpiochip", 4}, "pgmd-test");
        FAIL() << "opened a chip that does not exist";
    } catch (const LineError& e) {
        EXPECT_EQ(e.code().value(), ENOENT);
        EXPECT_NE(std::string(e.what()).find("GPIO chip no-such-gpiochip: open"), std::string::npos) << e.what();
    }
    EXPECT_THROW(LibgpiodOutputLine({"/dev/no-such-gpiochip", 0}, "pgmd-test", true), LineError);
}

TEST(LibgpiodLine, ANonChipDeviceIsRefused)
{
    // /dev/null exists but is no GPIO chip: the lookup must fail, not crash.
    EXPECT_THROW(LibgpiodInputLine({"/dev/null", 0}, "pgmd-test"), LineError);
}
