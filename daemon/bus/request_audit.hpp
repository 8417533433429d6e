#pragma once
// The audit trail's side of the bus: every request that changes something
// (or is refused) is reported once, with its caller and how it ended, as
// plain data. The bus layer only extracts and reports; the daemon's
// application layer decides what to log.

#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace pgmd {

// Who made a call, as far as the bus tells: what it does not tell stays
// empty, never guessed.
struct CallerInfo {
    std::optional<uid_t> uid;  // effective uid
    std::optional<pid_t> pid;
    // From the process behind `pid`, read when the call came in.
    std::optional<std::string> unit;  // the systemd unit it runs in
    std::optional<std::string> comm;  // its command name
    friend bool operator==(const CallerInfo&, const CallerInfo&) = default;
};

struct BusRequest {
    std::string method;  // as the interface names it: "Offline", "RequestPowerCycle"
    std::string group;   // the group it is for; "" for manager-wide requests
    // The other arguments by their names in the interface, as text.
    std::vector<std::pair<std::string, std::string>> arguments{};
    friend bool operator==(const BusRequest&, const BusRequest&) = default;
};

struct RequestOutcome {
    std::string error;    // the D-Bus error name the caller got; "" when accepted
    std::string message;  // that error's message
    bool accepted() const { return error.empty(); }
    friend bool operator==(const RequestOutcome&, const RequestOutcome&) = default;
};

class RequestAudit {
public:
    virtual ~RequestAudit() = default;
    // Called once per request, after it was carried out or refused and
    // before the caller gets the answer. Must not throw.
    virtual void record(const BusRequest& request, const CallerInfo& caller, const RequestOutcome& outcome) = 0;
};

} // namespace pgmd
