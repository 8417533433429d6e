// The adapter against a real GPIO chip, where the kernel has one. It only
// ever requests a free line as an input: driving an output on real hardware
// could switch whatever is wired to it.

#include "common/gpio/libgpiod_line.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include <gpiod.h>

using namespace pgm::gpio;

namespace {

constexpr int kSkip = 77;

std::optional<std::string> firstChip()
{
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/dev", ec))
        if (entry.path().filename().string().starts_with("gpiochip"))
            return entry.path().string();
    return std::nullopt;
}

// A line nobody (kernel or user space) has claimed.
std::optional<unsigned> freeLine(const std::string& chipPath)
{
    gpiod_chip* chip = ::gpiod_chip_open(chipPath.c_str());
    if (!chip)
        return std::nullopt;
    std::optional<unsigned> found;
    for (unsigned i = 0; i < ::gpiod_chip_num_lines(chip) && !found; ++i)
        if (gpiod_line* line = ::gpiod_chip_get_line(chip, i); line && !::gpiod_line_is_used(line))
            found = i;
    ::gpiod_chip_close(chip);
    return found;
}

} // namespace

TEST(GpioChip, AFreeLineWatchedForEdges)
{
    const std::string chip = *firstChip();
    const auto offset = freeLine(chip);
    if (!offset)
        GTEST_SKIP() << chip << " has no free line to request";
    LibgpiodInputLine line({chip, *offset}, "pgmd-test");
    EXPECT_GE(line.eventFd(), 0);
    EXPECT_NO_THROW(line.value());
    EXPECT_NO_THROW(line.readEvents());  // returns at once, edges or not
    // Requested once: a second request of the same line is a named error.
    EXPECT_THROW(LibgpiodInputLine({chip, *offset}, "pgmd-test"), LineError);
}

int main(int argc, char** argv)
{
    if (!firstChip()) {
        std::cout << "SKIP: no /dev/gpiochip*: this kernel has no GPIO\n";
        return kSkip;
    }
    testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
