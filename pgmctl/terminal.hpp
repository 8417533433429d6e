#pragma once
// What stdout is connected to, turned into OutputSettings.

#include "command_line.hpp"
#include "output_settings.hpp"

namespace pgmctl {

bool stdoutIsTerminal();

// Colour, table width and glyphs from the terminal, the locale and the
// environment (NO_COLOR, TERM, COLUMNS), overruled by the options.
OutputSettings detectOutputSettings(const GlobalOptions& options);

} // namespace pgmctl
