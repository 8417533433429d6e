#pragma once
// A monitor on the test's private bus (org.freedesktop.DBus.Monitoring): sees
// every signal matching its rules, whoever it is addressed to, so a test can
// show that something was *not* sent to a given client.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

typedef struct sd_bus sd_bus;

namespace pgmd::test {

struct SeenSignal {
    std::string interface, member;
    std::string destination;  // "" for a broadcast
    std::string firstArg;     // the first argument when it is a string
};

class BusMonitor {
public:
    // Throws std::runtime_error when the bus refuses.
    BusMonitor(const std::string& address, const std::vector<std::string>& matchRules);
    ~BusMonitor();
    BusMonitor(const BusMonitor&) = delete;
    BusMonitor& operator=(const BusMonitor&) = delete;

    // Reads what the bus copies to the monitor until `done()` holds or the
    // timeout passes; returns done().
    bool readUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(5));

    std::vector<SeenSignal> seen;

private:
    sd_bus* bus_ = nullptr;
};

} // namespace pgmd::test
