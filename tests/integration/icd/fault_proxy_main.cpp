// icd-fault-proxy: a serial line between a host and the independent
// computer's board, made of two pseudo-terminal pairs, that injects faults
// into whole frames in both directions. See fault_proxy.hpp and the
// README in this folder.

#include "fault_proxy.hpp"
#include "proxy_options.hpp"
#include "proxy_signals.hpp"

#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

constexpr int kExitSetupFailed = 1;
constexpr int kExitUsage = 2;

} // namespace

int main(int argc, char** argv)
{
    using namespace icd::test;
    const ParsedOptions parsed = parseProxyOptions(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed.options) {
        std::fprintf(stderr, "icd-fault-proxy: %s\n%s", parsed.error.c_str(), proxyUsage().c_str());
        return kExitUsage;
    }
    if (parsed.options->help) {
        std::fputs(proxyUsage().c_str(), stdout);
        return 0;
    }
    // Whoever reads the ready line may be gone; that is no reason to die.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        // Before the links exist: a signal sent right after the ready line is never lost.
        ProxySignals signals;
        FaultProxy proxy(*parsed.options);
        std::printf("%s\n", proxy.readyLine().c_str());
        std::fflush(stdout);
        proxy.run(signals);
        std::fprintf(stderr, "%s\n", proxy.summary().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "icd-fault-proxy: %s\n", e.what());
        return kExitSetupFailed;
    }
    return 0;
}
