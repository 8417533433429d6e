#pragma once
// Which log level pgmd runs at: LogLevel= from pgmd.conf, applied at start and
// on every reload, unless pgmd was started with --log-level, which wins until
// pgmd restarts (a debugging session is not ended by someone's reload).

#include "core/model.hpp"

#include <optional>

namespace pgmd {

class LogLevelSetting {
public:
    LogLevelSetting(std::optional<int> commandLine, const ManagerSpec& initial);
    void apply(const ManagerSpec& manager);

private:
    std::optional<int> commandLine_;
};

} // namespace pgmd
