#pragma once
// pgm-icd on D-Bus: its own connection (the system bus, or BusAddress=),
// the name org.pgmd1.Icd, one org.pgmd1.IcdHost object per host.

#include "icd_daemon.hpp"
#include "common/loop/event_loop.hpp"

#include <map>
#include <memory>
#include <string>

namespace sdbus {
class IConnection;
}

namespace icd::daemon {

inline constexpr const char* kIcdBusName = "org.pgmd1.Icd";
inline constexpr const char* kIcdHostPathPrefix = "/org/pgmd1/icd/host";
inline constexpr const char* kIcdErrorRefused = "org.pgmd1.Icd.Error.Refused";

// /org/pgmd1/icd/host/<name escaped as sd_bus_path_encode does>.
std::string icdHostObjectPath(const std::string& host);

class IcdHostObject;

class IcdBus {
public:
    // Connects, registers every host's object and takes the name; attaches
    // the connection to `loop`. Throws sdbus::Error.
    IcdBus(pgm::EventLoop& loop, IcdDaemon& daemon, const std::string& address);
    ~IcdBus();

    // Emits PropertiesChanged for the host.
    void changed(const std::string& host);
    // Emits FenceRequested, FenceAnswered or NoticeSent.
    void reported(const FenceReport& report);

private:
    pgm::EventLoop& loop_;
    std::unique_ptr<sdbus::IConnection> connection_;
    std::map<std::string, std::unique_ptr<IcdHostObject>> objects_;
};

} // namespace icd::daemon
