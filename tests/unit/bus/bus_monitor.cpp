#include "bus_monitor.hpp"

#include <cstring>
#include <stdexcept>
#include <systemd/sd-bus.h>

namespace pgmd::test {

namespace {

void check(int r, const char* what)
{
    if (r < 0)
        throw std::runtime_error(std::string("bus monitor: ") + what + ": " + std::strerror(-r));
}

std::string text(const char* s)
{
    return s != nullptr ? s : "";
}

} // namespace

BusMonitor::BusMonitor(const std::string& address, const std::vector<std::string>& matchRules)
{
    check(sd_bus_new(&bus_), "sd_bus_new");
    check(sd_bus_set_address(bus_, address.c_str()), "set address");
    check(sd_bus_set_bus_client(bus_, 1), "set bus client");
    check(sd_bus_set_monitor(bus_, 1), "set monitor");
    check(sd_bus_start(bus_), "connect");

    sd_bus_message* call = nullptr;
    check(sd_bus_message_new_method_call(bus_, &call, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus.Monitoring", "BecomeMonitor"),
          "new BecomeMonitor call");
    std::vector<char*> rules;
    for (const std::string& r : matchRules)
        rules.push_back(const_cast<char*>(r.c_str()));
    rules.push_back(nullptr);
    int r = sd_bus_message_append_strv(call, rules.data());
    if (r >= 0)
        r = sd_bus_message_append(call, "u", 0u);
    sd_bus_error error = SD_BUS_ERROR_NULL;
    if (r >= 0)
        r = sd_bus_call(bus_, call, 0, &error, nullptr);
    sd_bus_message_unref(call);
    const std::string why = text(error.message);
    sd_bus_error_free(&error);
    if (r < 0) {
        sd_bus_flush_close_unref(bus_);
        throw std::runtime_error("BecomeMonitor failed: " + why);
    }
}

BusMonitor::~BusMonitor()
{
    sd_bus_flush_close_unref(bus_);
}

bool BusMonitor::readUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        sd_bus_message* m = nullptr;
        const int r = sd_bus_process(bus_, &m);
        if (r < 0)
            return done();
        if (m != nullptr) {
            if (sd_bus_message_is_signal(m, nullptr, nullptr) > 0) {
                SeenSignal s{text(sd_bus_message_get_interface(m)), text(sd_bus_message_get_member(m)),
                             text(sd_bus_message_get_destination(m)), {}};
                const char* first = nullptr;
                if (sd_bus_message_read_basic(m, 's', &first) > 0)
                    s.firstArg = text(first);
                seen.push_back(std::move(s));
            }
            sd_bus_message_unref(m);
        }
        if (done())
            return true;
        if (r > 0)
            continue;
        const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        sd_bus_wait(bus_, static_cast<std::uint64_t>(left.count()));
    }
}

} // namespace pgmd::test
