#pragma once
// Times and time spans as systemd prints them. Timestamps are CLOCK_REALTIME
// microseconds, shown in the local time zone (TZ).

#include <cstdint>
#include <string>

namespace pgmctl {

// "Sat 2026-11-22 12:00:01 CET"
std::string formatTimestamp(std::uint64_t usec);

// "2026-11-22 12:00:01.123", for event streams.
std::string formatTimestampMillis(std::uint64_t usec);

// "5min", "1h 30min", "500ms", as configuration files write spans;
// "infinity" for the largest values.
std::string formatSpan(std::uint64_t usec);

// How long ago `thenUsec` was, as systemctl says it: "867ms ago", "3s ago",
// "5min 12s ago", "2h 5min ago", "1 day 3h ago", "3 weeks 2 days ago",
// "now"; "5min left" if it is still ahead.
std::string formatRelative(std::uint64_t thenUsec, std::uint64_t nowUsec);

// "Sat 2026-11-22 12:00:01 CET; 5min ago"
std::string formatTimestampWithAge(std::uint64_t thenUsec, std::uint64_t nowUsec);

} // namespace pgmctl
