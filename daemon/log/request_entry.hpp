#pragma once
// The audit trail's entry: one per operator or application request pgmd
// received over the bus, accepted or refused, with who asked. Built apart
// from sending it so that its fields and wording can be checked without a
// journal.

#include "common/log/entry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pgmd::log {

using pgm::log::Entry;

// What the bus could tell about the caller. Whatever it could not tell is
// empty and left out of the entry: never guessed.
struct RequestCallerFields {
    std::optional<std::uint32_t> uid;
    std::optional<std::int64_t> pid;
    std::string unit;  // the systemd unit the caller runs in
    std::string comm;  // the caller's command name
};

struct RequestRecord {
    int priority = LOG_NOTICE;
    std::string origin;   // "operator" or "application": the first word of the message
    std::string request;  // REQUEST=: the method as the bus names it
    std::string verb;     // the request as the message names it, as pgmctl spells it
    std::string group;    // GROUP=; "" when the request names no group
    // Further arguments as fields (UNIT=, STATE=, ...), in the order the
    // message shows them; empty values are left out.
    std::vector<std::pair<std::string, std::string>> arguments;
    bool accepted = false;
    std::string error;         // ERROR=: the D-Bus error name the caller got, when refused
    std::string errorMessage;  // ERROR_MESSAGE=: its message
    RequestCallerFields caller;
};

Entry requestEntry(const RequestRecord& record);

} // namespace pgmd::log
