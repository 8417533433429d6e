#pragma once
// sd-event and sd-bus report errors as negative errno values.

#include <system_error>

namespace pgm {

inline void throwIfNegative(int r, const char* what)
{
    if (r < 0)
        throw std::system_error(-r, std::generic_category(), what);
}

} // namespace pgm
