#include "time_format.hpp"

#include "common/ini/timespan.hpp"

#include <array>
#include <ctime>
#include <limits>

namespace pgmctl {

namespace {

constexpr std::uint64_t kUsecPerSecond = 1000000;

constexpr std::uint64_t kUsecPerMinute = 60 * kUsecPerSecond;
constexpr std::uint64_t kUsecPerHour = 60 * kUsecPerMinute;
constexpr std::uint64_t kUsecPerDay = 24 * kUsecPerHour;
constexpr std::uint64_t kUsecPerWeek = 7 * kUsecPerDay;
// systemd's: a month is a twelfth of a year of 365.25 days.
constexpr std::uint64_t kUsecPerMonth = 2'629'800 * kUsecPerSecond;
constexpr std::uint64_t kUsecPerYear = 31'557'600 * kUsecPerSecond;

std::string counted(std::uint64_t n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// As systemd's format_timestamp_relative: precise while recent, coarser as
// it recedes ("3s", "5min 12s", "2h 5min", "1 day 3h", "3 weeks 2 days").
std::string ageText(std::uint64_t d)
{
    auto n = [](std::uint64_t v) { return std::to_string(v); };
    if (d >= kUsecPerYear)
        return counted(d / kUsecPerYear, "year", "years") + " " +
               counted(d % kUsecPerYear / kUsecPerMonth, "month", "months");
    if (d >= kUsecPerMonth)
        return counted(d / kUsecPerMonth, "month", "months") + " " +
               counted(d % kUsecPerMonth / kUsecPerDay, "day", "days");
    if (d >= kUsecPerWeek)
        return counted(d / kUsecPerWeek, "week", "weeks") + " " + counted(d % kUsecPerWeek / kUsecPerDay, "day", "days");
    if (d >= 2 * kUsecPerDay)
        return n(d / kUsecPerDay) + " days";
    if (d >= 25 * kUsecPerHour)
        return "1 day " + n((d - kUsecPerDay) / kUsecPerHour) + "h";
    if (d >= 6 * kUsecPerHour)
        return n(d / kUsecPerHour) + "h";
    if (d >= kUsecPerHour)
        return n(d / kUsecPerHour) + "h " + n(d % kUsecPerHour / kUsecPerMinute) + "min";
    if (d >= 5 * kUsecPerMinute)
        return n(d / kUsecPerMinute) + "min";
    if (d >= kUsecPerMinute)
        return n(d / kUsecPerMinute) + "min " + n(d % kUsecPerMinute / kUsecPerSecond) + "s";
    if (d >= kUsecPerSecond)
        return n(d / kUsecPerSecond) + "s";
    if (d >= 1000)
        return n(d / 1000) + "ms";
    return n(d) + "us";
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
    return ageText(distance) + (past ? " ago" : " left");
}

std::string formatTimestampWithAge(std::uint64_t thenUsec, std::uint64_t nowUsec)
{
    return formatTimestamp(thenUsec) + "; " + formatRelative(thenUsec, nowUsec);
}

} // namespace pgmctl
