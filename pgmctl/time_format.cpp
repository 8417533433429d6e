#include "time_format.hpp"

#include "common/ini/timespan.hpp"

#include <array>
#include <ctime>
#include <limits>

namespace pgmctl {

namespace {

constexpr std::uint64_t kUsecPerSecond = 1000000;

constexpr std::uint64_t kUsecPerMinute = 60 * kUsecPerSecond;

// The units formatTimespan prints, largest first.
constexpr std::array<std::uint64_t, 7> kUnitsUsec{
    7 * 24 * 60 * kUsecPerMinute,  // w
    24 * 60 * kUsecPerMinute,      // d
    60 * kUsecPerMinute,           // h
    kUsecPerMinute,                // min
    kUsecPerSecond,                // s
    1000,                          // ms
    1,                             // us
};

// A minute or more keeps two units ("5min 12s", "2d 3h"); less keeps one
// ("42s", "867ms"): an age is read at a glance, not to the microsecond.
std::uint64_t roundedForAge(std::uint64_t usec)
{
    for (std::size_t i = 0; i < kUnitsUsec.size(); ++i) {
        if (usec < kUnitsUsec[i])
            continue;
        bool twoUnits = kUnitsUsec[i] >= kUsecPerMinute;
        std::uint64_t finest = twoUnits ? kUnitsUsec[i + 1] : kUnitsUsec[i];
        return usec - usec % finest;
    }
    return usec;
}

std::string formatLocal(std::uint64_t usec, const char* pattern)
{
    std::time_t seconds = static_cast<std::time_t>(usec / kUsecPerSecond);
    std::tm local{};
    if (localtime_r(&seconds, &local) == nullptr)
        return "@" + std::to_string(usec / kUsecPerSecond);
    std::array<char, 128> buffer{};
    std::size_t n = std::strftime(buffer.data(), buffer.size(), pattern, &local);
    return std::string(buffer.data(), n);
}

std::string zeroPadded(std::uint64_t n, std::size_t digits)
{
    std::string s = std::to_string(n);
    return std::string(digits > s.size() ? digits - s.size() : 0, '0') + s;
}

} // namespace

std::string formatTimestamp(std::uint64_t usec)
{
    return formatLocal(usec, "%a %Y-%m-%d %H:%M:%S %Z");
}

std::string formatTimestampMillis(std::uint64_t usec)
{
    return formatLocal(usec, "%Y-%m-%d %H:%M:%S") + "." + zeroPadded(usec % kUsecPerSecond / 1000, 3);
}

std::string formatSpan(std::uint64_t usec)
{
    // systemd's USEC_INFINITY, and anything a signed duration cannot hold.
    if (usec > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return "infinity";
    return pgm::formatTimespan(pgm::Duration{static_cast<std::int64_t>(usec)});
}

std::string formatRelative(std::uint64_t thenUsec, std::uint64_t nowUsec)
{
    if (thenUsec == nowUsec)
        return "now";
    bool past = thenUsec < nowUsec;
    std::uint64_t distance = past ? nowUsec - thenUsec : thenUsec - nowUsec;
    return formatSpan(roundedForAge(distance)) + (past ? " ago" : " left");
}

std::string formatTimestampWithAge(std::uint64_t thenUsec, std::uint64_t nowUsec)
{
    return formatTimestamp(thenUsec) + "; " + formatRelative(thenUsec, nowUsec);
}

} // namespace pgmctl
