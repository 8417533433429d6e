#pragma once
// pgm-icd under test: a temporary directory with its configuration, key,
// state directory and a relay command that records every call; one pty pair
// for the host's serial line; the daemon started and stopped by its pid.

#include "protocol/key.hpp"

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace icd::test {

class BoardProcess {
public:
    // `hostTimings`: extra lines for [Host.node-a]; `boardLines`: for [Board].
    explicit BoardProcess(const std::string& hostTimings, const std::string& boardLines = "");
    ~BoardProcess();
    BoardProcess(const BoardProcess&) = delete;
    BoardProcess& operator=(const BoardProcess&) = delete;

    void start(const std::vector<std::string>& extraArgs = {});
    // SIGTERM, then waits for the exit; returns the exit status.
    int stop();

    int hostFd() const { return master_; }
    const Key& key() const { return key_; }
    // The relay's calls so far, "off", "on", "status", in order.
    std::vector<std::string> relayCalls() const;
    // Only the switching calls ("off", "on").
    std::vector<std::string> relaySwitches() const;
    std::string log() const;
    const std::string& dir() const { return dir_; }

private:
    std::string dir_;
    int master_ = -1;
    int slave_ = -1;
    pid_t pid_ = -1;
    Key key_;
};

} // namespace icd::test
