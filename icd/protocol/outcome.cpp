#include "outcome.hpp"

#include <array>

namespace icd {

std::string_view sealErrorName(SealError error)
{
    static constexpr std::array<std::string_view, 4> names = {
        "none", "no-session", "seq-exhausted", "crypto",
    };
    return names[static_cast<std::size_t>(error)];
}

} // namespace icd
