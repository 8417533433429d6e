#include "common/serial/baud_rates.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace pgm::serial {
namespace {

TEST(BaudRates, EachRateMapsToItsTermiosCode)
{
    EXPECT_EQ(speedOf(1200), std::optional<speed_t>(B1200));
    EXPECT_EQ(speedOf(9600), std::optional<speed_t>(B9600));
    EXPECT_EQ(speedOf(115200), std::optional<speed_t>(B115200));
    EXPECT_EQ(speedOf(921600), std::optional<speed_t>(B921600));
    for (const BaudRate& b : baudRates())
        EXPECT_EQ(speedOf(b.rate), std::optional<speed_t>(b.speed)) << b.rate;
}

TEST(BaudRates, RatesOutsideTheTableAreUnsupported)
{
    for (unsigned rate : {0u, 1u, 110u, 300u, 12345u, 115201u, 1000000u, 4000000u}) {
        EXPECT_FALSE(isSupportedBaud(rate)) << rate;
        EXPECT_EQ(speedOf(rate), std::nullopt) << rate;
    }
    EXPECT_TRUE(isSupportedBaud(57600));
}

TEST(BaudRates, TheTableRunsSlowestFirstWithoutRepeats)
{
    const auto rates = baudRates();
    ASSERT_FALSE(rates.empty());
    EXPECT_TRUE(std::adjacent_find(rates.begin(), rates.end(), [](const BaudRate& a, const BaudRate& b) {
                    return a.rate >= b.rate;
                }) == rates.end());
}

TEST(BaudRates, TheListForMessagesNamesEveryRate)
{
    EXPECT_EQ(supportedBaudList(), "1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600");
}

} // namespace
} // namespace pgm::serial
