#include "terminal.hpp"

#include "terminal_style.hpp"

#include <charconv>
#include <cstdlib>
#include <langinfo.h>
#include <string_view>
#include <sys/ioctl.h>
#include <unistd.h>

namespace pgmctl {

namespace {

// $COLUMNS first, as systemd does, so a user can widen or narrow tables.
std::size_t terminalColumns()
{
    if (const char* columns = std::getenv("COLUMNS")) {
        std::string_view text(columns);
        std::size_t value = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc() && end == text.data() + text.size() && value > 0)
            return value;
    }
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    return 80;
}

bool localeIsUtf8()
{
    return std::string_view(nl_langinfo(CODESET)) == "UTF-8";
}

} // namespace

bool stdoutIsTerminal()
{
    return isatty(STDOUT_FILENO) == 1;
}

OutputSettings detectOutputSettings(const GlobalOptions& options)
{
    bool terminal = stdoutIsTerminal();
    OutputSettings settings;
    settings.json = options.json;
    settings.colour = shouldUseColour(
        {terminal, options.noColor, std::getenv("NO_COLOR"), std::getenv("SYSTEMD_COLORS"), std::getenv("TERM")});
    settings.legend = !options.noLegend && !options.quiet;
    settings.quiet = options.quiet;
    settings.width = terminal && !options.full ? terminalColumns() : 0;
    settings.glyphs = glyphsFor(localeIsUtf8());
    return settings;
}

} // namespace pgmctl
