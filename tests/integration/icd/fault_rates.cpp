#include "fault_rates.hpp"

#include <charconv>

namespace icd::test {

namespace {

constexpr std::array<std::string_view, kFaultKindCount> kNames{
    "drop", "delay", "corrupt", "duplicate", "replay", "garbage", "split",
};

std::optional<double> probabilityOf(std::string_view text)
{
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    // Written this way round so that NaN fails too.
    if (error != std::errc() || end != text.data() + text.size() || !(value >= 0.0 && value <= 1.0))
        return std::nullopt;
    return value;
}

ParsedRates failure(std::string message)
{
    return ParsedRates{std::nullopt, std::move(message)};
}

} // namespace

std::string_view faultKindName(FaultKind kind)
{
    return kNames[static_cast<std::size_t>(kind)];
}

std::optional<FaultKind> faultKindFromName(std::string_view name)
{
    for (FaultKind kind : kFaultKinds)
        if (faultKindName(kind) == name)
            return kind;
    return std::nullopt;
}

std::string faultKindList()
{
    std::string list;
    for (FaultKind kind : kFaultKinds)
        list += (list.empty() ? "" : ", ") + std::string(faultKindName(kind));
    return list;
}

bool FaultRates::clean() const
{
    for (double rate : rates_)
        if (rate > 0)
            return false;
    return true;
}

std::uint64_t FaultCounts::total() const
{
    std::uint64_t sum = 0;
    for (std::uint64_t count : counts_)
        sum += count;
    return sum;
}

ParsedRates parseFaultRates(std::string_view text)
{
    FaultRates rates;
    std::array<bool, kFaultKindCount> seen{};
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        if (comma != std::string_view::npos && text.empty())
            return failure("'" + std::string(item) + ",': nothing after the comma");

        const std::size_t equals = item.find('=');
        if (equals == std::string_view::npos)
            return failure("'" + std::string(item) + "': expected kind=probability");
        const std::string_view name = item.substr(0, equals);
        const auto kind = faultKindFromName(name);
        if (!kind)
            return failure("unknown fault kind '" + std::string(name) + "' (known: " + faultKindList() + ")");
        const auto rate = probabilityOf(item.substr(equals + 1));
        if (!rate)
            return failure("'" + std::string(item) + "': the probability must be a number from 0 to 1");
        if (seen[static_cast<std::size_t>(*kind)])
            return failure("'" + std::string(name) + "' given twice");
        seen[static_cast<std::size_t>(*kind)] = true;
        rates[*kind] = *rate;
    }
    return ParsedRates{rates, {}};
}

} // namespace icd::test
