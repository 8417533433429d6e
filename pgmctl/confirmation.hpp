#pragma once
// Commands that cannot be taken back (power-cycle: every group on the host
// stops at once) ask first on a terminal, and elsewhere go ahead only with
// --force, as `systemctl reboot --force` must be asked for.

#include <string>
#include <string_view>

namespace pgmctl {

enum class Confirmation {
    Go,      // --force: no question
    Ask,     // a person is at the terminal: ask
    Refuse,  // a script without --force: refuse, say how
};

// `interactive`: both stdin and stdout are a terminal.
Confirmation confirmationFor(bool force, bool interactive);

// "y" or "yes", in any case, with surrounding blanks; anything else, an empty
// line included, is a no.
bool isYes(std::string_view answer);

// Asks `question` on stderr and reads one line from stdin.
bool askOnTerminal(const std::string& question);

} // namespace pgmctl
