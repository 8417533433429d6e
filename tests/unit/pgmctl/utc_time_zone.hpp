#pragma once
// Tests that print local times run in UTC, whatever the machine's zone.

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace pgmctl {

class UtcTimeZone : public ::testing::Test {
protected:
    void SetUp() override
    {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};

// Sat 2026-11-21 12:00:01 UTC, in microseconds.
inline constexpr std::uint64_t kSaturdayNoon = 1'795'262'401'000'000;

} // namespace pgmctl
