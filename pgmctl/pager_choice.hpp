#pragma once
// Which pager to use, as systemctl chooses it: $SYSTEMD_PAGER, else $PAGER,
// else less. A variable set to "" or "cat" means no pager.

#include <optional>
#include <string>
#include <vector>

namespace pgmctl {

struct PagerEnvironment {
    const char* systemdPager = nullptr;  // $SYSTEMD_PAGER
    const char* pager = nullptr;         // $PAGER
};

// The pager's argv, split at whitespace (no shell quoting); nullopt for none.
std::optional<std::vector<std::string>> choosePager(const PagerEnvironment& environment);

// less gets LESS=FRXMK unless the user set LESS: quit when the text fits one
// screen (F), keep colours (R), leave the screen alone (X), verbose prompt
// (M), quit on Ctrl-C (K).
inline constexpr const char* kLessOptions = "FRXMK";

} // namespace pgmctl
