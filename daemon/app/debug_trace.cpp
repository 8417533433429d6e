#include "debug_trace.hpp"

#include "core/action_text.hpp"
#include "log/journal.hpp"

#include <syslog.h>

namespace pgmd {

void DebugTrace::perform(const Action& action)
{
    if (!pgm::log::enabled(LOG_DEBUG))
        return;
    if (auto text = describe(action))
        log::debug("action: " + *text);
}

} // namespace pgmd
