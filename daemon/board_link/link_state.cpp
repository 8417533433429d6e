#include "link_state.hpp"

namespace pgmd::boardlink {

const char* toString(LinkState s)
{
    switch (s) {
    case LinkState::Down: return "down";
    case LinkState::Connecting: return "connecting";
    case LinkState::Up: return "up";
    }
    return "down";
}

} // namespace pgmd::boardlink
