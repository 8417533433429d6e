#pragma once
// Where entries go: the journal when it listens, stderr otherwise.

#include "entry.hpp"

namespace pgm::log {

// libsystemd sends to this fixed path; when it is absent sd_journal_send
// drops the entry silently, so the sink checks for it itself.
inline constexpr const char* kJournalSocket = "/run/systemd/journal/socket";

void write(const Entry& e);

} // namespace pgm::log
