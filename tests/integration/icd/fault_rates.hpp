#pragma once
// The faults a line can inject and how often: the kinds, their names on the
// command line and in the proxy's log and summary, and the RATES argument
// ("drop=0.1,garbage=0.2") parsed into one probability per kind.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace icd::test {

enum class FaultKind {
    Drop,       // the frame is lost
    Delay,      // held back, delivered after the next frame
    Corrupt,    // one bit flipped inside the frame
    Duplicate,  // delivered twice
    Replay,     // an earlier frame of this direction is sent again first
    Garbage,    // random bytes (zeros included) go out before the frame
    Split,      // written in several pieces instead of one write
};

inline constexpr std::size_t kFaultKindCount = 7;
inline constexpr std::array<FaultKind, kFaultKindCount> kFaultKinds{
    FaultKind::Drop, FaultKind::Delay, FaultKind::Corrupt, FaultKind::Duplicate,
    FaultKind::Replay, FaultKind::Garbage, FaultKind::Split,
};

std::string_view faultKindName(FaultKind kind);
std::optional<FaultKind> faultKindFromName(std::string_view name);
// "drop, delay, ...", for error messages.
std::string faultKindList();

// One probability in [0, 1] per kind; all zero is a clean line.
class FaultRates {
public:
    double& operator[](FaultKind kind) { return rates_[static_cast<std::size_t>(kind)]; }
    double operator[](FaultKind kind) const { return rates_[static_cast<std::size_t>(kind)]; }
    bool clean() const;

private:
    std::array<double, kFaultKindCount> rates_{};
};

// How many times each kind was applied.
class FaultCounts {
public:
    void add(FaultKind kind) { ++counts_[static_cast<std::size_t>(kind)]; }
    std::uint64_t operator[](FaultKind kind) const { return counts_[static_cast<std::size_t>(kind)]; }
    std::uint64_t total() const;

private:
    std::array<std::uint64_t, kFaultKindCount> counts_{};
};

struct ParsedRates {
    std::optional<FaultRates> rates;
    std::string error;  // set when `rates` is empty: names the offending item
};

// Comma-separated kind=probability; "" is a clean line. Each kind at most once.
ParsedRates parseFaultRates(std::string_view text);

} // namespace icd::test
