#pragma once

#include <functional>
#include <optional>
#include <string>

namespace pgmd {

// Answers whether systemd knows a unit: true/false, or nullopt when it cannot
// tell (then no unit check is made).
using UnitExistsFn = std::function<std::optional<bool>(const std::string& unit)>;

} // namespace pgmd
