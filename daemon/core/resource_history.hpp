#pragma once
// What an operator needs to know about a resource beyond its configuration:
// its health, when it was last checked and last changed, what went wrong last
// and how often pgmd ran its Reinit= command. The engine keeps one per
// resource; the bus shows it.

#include "model.hpp"
#include "time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pgmd {

enum class ResourceHealth { Unknown, Ok, Failed };
// "unknown" (not checked yet), "ok", "failing".
const char* toString(ResourceHealth);

struct ResourceHistory {
    std::optional<TimePoint> lastCheckAt;
    std::optional<TimePoint> healthSince;  // of the current health; none until the first verdict
    std::string lastError;                 // of the last failed check; kept once healthy again
    unsigned reinits = 0;                  // Reinit= runs since pgmd started
    std::optional<TimePoint> lastReinitAt;

    // A check's verdict, `error` its text when it failed. True when what an
    // operator watches changed (health, last error): the time of a check
    // alone is no news, or an idle pgmd would announce every periodic check.
    bool recordCheck(ResourceHealth before, ResourceHealth after, const std::string& error, TimePoint at);
    void recordReinit(TimePoint at);
};

// The groups whose Resources= names `resource`, in configuration order.
std::vector<std::string> groupsUsing(const Config& config, const std::string& resource);

} // namespace pgmd
