#pragma once
// pgm-icd under test: a temporary directory with its configuration, key,
// state directory and a relay command that records every call; the serial
// line is a device given by the test (the board link of icd-fault-proxy);
// the daemon started and stopped by its pid.

#include "protocol/key.hpp"

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace icd::test {

class BoardProcess {
public:
    // `device`: the host's serial line as the board opens it;
    // `hostTimings`: extra lines for [Host.node-a]; `boardLines`: for [Board].
    BoardProcess(const std::string& device, const std::string& hostTimings, const std::string& boardLines = "");
    ~BoardProcess();
    BoardProcess(const BoardProcess&) = delete;
    BoardProcess& operator=(const BoardProcess&) = delete;

    void start(const std::vector<std::string>& extraArgs = {});
    // SIGTERM, then waits for the exit; returns the exit status.
    int stop();

    const Key& key() const { return key_; }
    // The relay's calls so far, "off", "on", "status", in order.
    std::vector<std::string> relayCalls() const;
    // Only the switching calls ("off", "on").
    std::vector<std::string> relaySwitches() const;
    std::string log() const;
    const std::string& dir() const { return dir_; }

private:
    std::string dir_;
    pid_t pid_ = -1;
    Key key_;
};

} // namespace icd::test
