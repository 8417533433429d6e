#pragma once
// icd-fault-proxy's command line:
//   icd-fault-proxy --host-link PATH --board-link PATH [--seed N]
//                   [--to-board RATES] [--to-host RATES] [--log FILE]
// Every option also takes the --name=VALUE form.

#include "fault_rates.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace icd::test {

struct ProxyOptions {
    std::string hostLink;
    std::string boardLink;
    // Fixed by default, so that two runs without --seed inject the same faults.
    std::uint32_t seed = 1;
    FaultRates toBoard;
    FaultRates toHost;
    std::string logFile;  // "": no log
    bool help = false;
};

struct ParsedOptions {
    std::optional<ProxyOptions> options;
    std::string error;  // set when `options` is empty: names the option and what is wrong
};

// `args` without the program name.
ParsedOptions parseProxyOptions(const std::vector<std::string>& args);

std::string proxyUsage();

} // namespace icd::test
