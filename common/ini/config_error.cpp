#include "common/ini/config_error.hpp"

#include "common/text/escape.hpp"

namespace pgm {

std::string format(const ConfigError& e)
{
    std::string out = e.file;
    if (e.line != 0)
        out += ":" + std::to_string(e.line);
    out += ": ";
    if (!e.key.empty())
        out += e.key + ": ";
    out += e.message;
    // Names and values come from the files as written: a control byte in one
    // must not reach the operator's terminal or the journal as itself.
    return pgm::text::escapeForDisplay(out);
}

} // namespace pgm
