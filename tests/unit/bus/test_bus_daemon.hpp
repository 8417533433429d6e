#pragma once
// A private dbus-daemon for one test, never the host's buses: started from a
// config file, listening in a fresh temporary directory, ended by its pid.

#include <string>
#include <sys/types.h>

namespace pgmd::test {

class TestBusDaemon {
public:
    // Throws std::runtime_error if the daemon does not come up (e.g. the
    // config, or a file it includes, does not parse).
    explicit TestBusDaemon(const std::string& configFile);
    ~TestBusDaemon();
    TestBusDaemon(const TestBusDaemon&) = delete;
    TestBusDaemon& operator=(const TestBusDaemon&) = delete;

    const std::string& address() const { return address_; }

private:
    std::string dir_;
    std::string address_;
    pid_t pid_ = -1;
};

} // namespace pgmd::test
