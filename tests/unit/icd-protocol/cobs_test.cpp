#include "protocol/cobs.hpp"
#include "protocol/crc32c.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string_view>

namespace icd {
namespace {

Bytes bytesOf(std::initializer_list<int> values)
{
    Bytes out;
    for (int v : values)
        out.push_back(static_cast<std::uint8_t>(v));
    return out;
}

Bytes counting(int first, int last)
{
    Bytes out;
    for (int v = first; v <= last; ++v)
        out.push_back(static_cast<std::uint8_t>(v));
    return out;
}

Bytes concat(Bytes a, const Bytes& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

struct Vector {
    const char* name;
    Bytes data;
    Bytes encoded;
};

TEST(Cobs, KnownVectors)
{
    const std::vector<Vector> vectors = {
        {"empty", {}, bytesOf({0x01})},
        {"one zero", bytesOf({0x00}), bytesOf({0x01, 0x01})},
        {"two zeros", bytesOf({0x00, 0x00}), bytesOf({0x01, 0x01, 0x01})},
        {"zero inside", bytesOf({0x11, 0x22, 0x00, 0x33}), bytesOf({0x03, 0x11, 0x22, 0x02, 0x33})},
        {"no zero", bytesOf({0x11, 0x22, 0x33, 0x44}), bytesOf({0x05, 0x11, 0x22, 0x33, 0x44})},
        {"trailing zeros", bytesOf({0x11, 0x00, 0x00, 0x00}), bytesOf({0x02, 0x11, 0x01, 0x01, 0x01})},
        {"254-byte run", counting(1, 254), concat(bytesOf({0xFF}), counting(1, 254))},
        {"255-byte run", counting(1, 255), concat(concat(bytesOf({0xFF}), counting(1, 254)), bytesOf({0x02, 0xFF}))},
        {"zero then 254", concat(bytesOf({0x00}), counting(1, 254)),
         concat(bytesOf({0x01, 0xFF}), counting(1, 254))},
        {"254 then zero", concat(counting(1, 254), bytesOf({0x00})),
         concat(concat(bytesOf({0xFF}), counting(1, 254)), bytesOf({0x01, 0x01}))},
    };
    for (const auto& v : vectors) {
        EXPECT_EQ(cobsEncode(v.data), v.encoded) << v.name;
        auto decoded = cobsDecode(v.encoded);
        ASSERT_TRUE(decoded) << v.name;
        EXPECT_EQ(*decoded, v.data) << v.name;
    }
}

TEST(Cobs, AllZerosRoundTrip)
{
    for (std::size_t n = 1; n <= 600; ++n) {
        const Bytes zeros(n, 0);
        const Bytes encoded = cobsEncode(zeros);
        EXPECT_EQ(encoded, Bytes(n + 1, 0x01)) << n;
        EXPECT_EQ(cobsDecode(encoded), zeros) << n;
    }
}

TEST(Cobs, RandomRoundTripsHaveNoZeroAndStayWithinTheBound)
{
    std::mt19937 random(20240611);
    for (int round = 0; round < 2000; ++round) {
        Bytes data(random() % 1100);
        // Mostly non-zero data, so long runs and full blocks occur.
        for (auto& b : data)
            b = random() % 8 == 0 ? 0 : static_cast<std::uint8_t>(random());
        const Bytes encoded = cobsEncode(data);
        EXPECT_EQ(std::count(encoded.begin(), encoded.end(), 0), 0);
        EXPECT_LE(encoded.size(), cobsMaxEncodedSize(data.size()));
        EXPECT_EQ(cobsDecode(encoded), data);
    }
}

TEST(Cobs, RejectsInvalidInput)
{
    EXPECT_FALSE(cobsDecode(Bytes{}));
    EXPECT_FALSE(cobsDecode(bytesOf({0x00})));
    EXPECT_FALSE(cobsDecode(bytesOf({0x03, 0x11, 0x00})));   // zero inside
    EXPECT_FALSE(cobsDecode(bytesOf({0x05, 0x11, 0x22})));   // block runs past the end
    EXPECT_FALSE(cobsDecode(bytesOf({0x02, 0x11, 0x04, 0x01}))); // second block too
}

TEST(Crc32c, StandardCheckValue)
{
    constexpr std::string_view check = "123456789";
    const Bytes data(check.begin(), check.end());
    EXPECT_EQ(crc32c(data), 0xE3069283u);
    EXPECT_EQ(crc32c(Bytes{}), 0x00000000u);
    EXPECT_EQ(crc32c(Bytes(32, 0x00)), 0x8A9136AAu); // RFC 3720 B.4: 32 bytes of zeros
    EXPECT_EQ(crc32c(Bytes(32, 0xFF)), 0x62A8AB43u); // RFC 3720 B.4: 32 bytes of ones
}

} // namespace
} // namespace icd
