#include "counters.hpp"

#include <numeric>

namespace icd {

namespace {

constexpr std::array<std::string_view, kDropReasonCount> kNames = {
    "noise", "cobs", "oversize", "length", "crc", "version", "wrong-host",
    "no-session", "tag", "replay", "duplicate", "unknown-type", "unexpected", "malformed",
};

} // namespace

std::string_view dropReasonName(DropReason reason)
{
    return kNames[static_cast<std::size_t>(reason)];
}

std::optional<DropReason> dropReasonFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name)
            return static_cast<DropReason>(i);
    return std::nullopt;
}

std::uint64_t Counters::droppedTotal() const
{
    return std::accumulate(drops_.begin(), drops_.end(), std::uint64_t{0});
}

Counters& Counters::operator+=(const Counters& other)
{
    accepted_ += other.accepted_;
    for (std::size_t i = 0; i < drops_.size(); ++i)
        drops_[i] += other.drops_[i];
    return *this;
}

} // namespace icd
