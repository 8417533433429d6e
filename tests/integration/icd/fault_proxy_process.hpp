#pragma once
// icd-fault-proxy started by a test: its links in a temporary directory of
// its own, its ready line read, its fault injection paused and resumed by
// signal, and on stop its summary line parsed. Stops it when it goes.

#include "protocol/bytes.hpp"

#include <csignal>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace icd::test {

struct FaultProxySettings {
    std::string toBoard;  // RATES as on the command line; "" is a clean line
    std::string toHost;
    std::uint32_t seed = 1;
    bool log = false;     // --log into the proxy's directory
    // "": a link in the proxy's own directory.
    std::string hostLink{};
    std::string boardLink{};
    std::vector<std::string> extraArgs{};
};

struct ProxyDirectionSummary {
    std::uint64_t frames = 0;
    std::map<std::string, std::uint64_t> faults;  // by kind name
};

struct ProxySummary {
    int exitStatus = -1;  // 128 + signal when killed
    std::string line;     // as printed; "" if there was none
    ProxyDirectionSummary toBoard;
    ProxyDirectionSummary toHost;
};

// The summary line's parts; nullopt if `line` is not one.
std::optional<ProxySummary> parseProxySummary(const std::string& line);

struct LoggedFrame {
    std::uint64_t monotonicNs = 0;
    std::string direction;
    Bytes bytes;
    std::vector<std::string> faults;  // empty for "-"
};

class FaultProxyProcess {
public:
    // Starts the proxy and waits for its ready line; throws std::runtime_error
    // with its error output if there is none.
    explicit FaultProxyProcess(const FaultProxySettings& settings = {});
    ~FaultProxyProcess();
    FaultProxyProcess(const FaultProxyProcess&) = delete;
    FaultProxyProcess& operator=(const FaultProxyProcess&) = delete;

    const std::string& hostLink() const { return hostLink_; }
    const std::string& boardLink() const { return boardLink_; }
    // The slave devices from the ready line.
    const std::string& hostDevice() const { return hostDevice_; }
    const std::string& boardDevice() const { return boardDevice_; }
    const std::string& dir() const { return dir_; }
    const std::string& logPath() const { return logPath_; }
    pid_t pid() const { return pid_; }

    // SIGUSR1 / SIGUSR2; each returns once the proxy has taken the signal.
    void pauseFaults();
    void resumeFaults();

    // The --log lines so far.
    std::vector<LoggedFrame> loggedFrames() const;
    // What it wrote on stderr so far.
    std::string errorOutput() const;

    // Sends `signal`, waits for the exit (SIGKILL at a deadline) and parses
    // the summary. Later calls return the first result.
    ProxySummary stop(int signal = SIGTERM);

private:
    void signalAndWaitUntilTaken(int signal);

    std::string dir_;
    std::string hostLink_;
    std::string boardLink_;
    std::string logPath_;
    std::string hostDevice_;
    std::string boardDevice_;
    pid_t pid_ = -1;
    int stdout_ = -1;
    std::optional<ProxySummary> stopped_;
};

} // namespace icd::test
