#include "config_error.hpp"

namespace pgmd {

std::string format(const ConfigError& e)
{
    std::string out = e.file;
    if (e.line != 0)
        out += ":" + std::to_string(e.line);
    out += ": ";
    if (!e.key.empty())
        out += e.key + ": ";
    out += e.message;
    return out;
}

} // namespace pgmd
