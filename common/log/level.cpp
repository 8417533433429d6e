#include "level.hpp"

#include <array>
#include <atomic>

namespace pgm::log {

namespace {

constexpr std::array<const char*, 8> kNames{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

std::atomic<int> current{kDefaultLevel};

} // namespace

std::optional<int> parseLevel(std::string_view text)
{
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (text == kNames[i])
            return static_cast<int>(i);
    if (text.size() == 1 && text[0] >= '0' && text[0] <= '7')
        return text[0] - '0';
    return std::nullopt;
}

const char* levelName(int level)
{
    return level >= 0 && level < static_cast<int>(kNames.size()) ? kNames[static_cast<std::size_t>(level)] : "?";
}

void setLevel(int level)
{
    current.store(level, std::memory_order_relaxed);
}

int level()
{
    return current.load(std::memory_order_relaxed);
}

bool enabled(int priority)
{
    return priority <= level();
}

} // namespace pgm::log
