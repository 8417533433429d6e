// pgmd-example-app: a hot-standby service written against <pgmd/client.hpp>.
// main() only wires: options, the loop and its signals, the bus, the service.

#include "bus_event_source.hpp"
#include "log.hpp"
#include "options.hpp"
#include "standby_service.hpp"

#include <pgmd/client.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <system_error>

#include <sdbus-c++/sdbus-c++.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-event.h>

using namespace example;

namespace {

struct EventDeleter {
    void operator()(sd_event* event) const { sd_event_unref(event); }
};

int onStopSignal(sd_event_source* source, const struct signalfd_siginfo* info, void*)
{
    log(Level::Info, std::string("stopping on SIG") + sigabbrev_np(static_cast<int>(info->ssi_signo)));
    sd_notify(0, "STOPPING=1");
    return sd_event_exit(sd_event_source_get_event(source), EXIT_SUCCESS);
}

int onFaultSignal(sd_event_source*, const struct signalfd_siginfo*, void* service)
{
    static_cast<StandbyService*>(service)->reportFault();
    return 0;
}

// Signals arrive through the loop, never in the middle of a handler: they are
// blocked for normal delivery and read from a signalfd by sd-event.
void addSignal(sd_event* event, int signal, sd_event_signal_handler_t handler, void* data)
{
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, signal);
    if (sigprocmask(SIG_BLOCK, &mask, nullptr) < 0)
        throw std::system_error(errno, std::generic_category(), "sigprocmask");
    int r = sd_event_add_signal(event, nullptr, signal, handler, data);
    if (r < 0)
        throw std::system_error(-r, std::generic_category(), "sd_event_add_signal");
}

int run(const Options& options)
{
    sd_event* rawEvent = nullptr;
    int r = sd_event_new(&rawEvent);
    if (r < 0)
        throw std::system_error(-r, std::generic_category(), "sd_event_new");
    std::unique_ptr<sd_event, EventDeleter> event(rawEvent);

    // DBUS_SYSTEM_BUS_ADDRESS, if set, points this at another bus.
    auto connection = sdbus::createSystemBusConnection();
    BusEventSource busSource(event.get(), *connection);
    StandbyService service(event.get(), *connection, options);

    addSignal(event.get(), SIGTERM, onStopSignal, nullptr);
    addSignal(event.get(), SIGINT, onStopSignal, nullptr);
    addSignal(event.get(), SIGUSR1, onFaultSignal, &service);

    service.start();
    sd_notify(0, "READY=1\nSTATUS=waiting for pgmd's request");
    log(Level::Info, "ready");

    r = sd_event_loop(event.get());
    if (r < 0) {
        log(Level::Error, "event loop: " + std::system_category().message(-r));
        return EXIT_FAILURE;
    }
    return r;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    try {
        options = parseOptions(argc, argv);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "pgmd-example-app: %s\n\n%s", e.what(), kUsage);
        return 2;
    }
    if (options.help) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    try {
        return run(options);
    } catch (const pgmd::client::Error& e) {
        log(Level::Error, std::string("cannot start: ") + e.what());
    } catch (const sdbus::Error& e) {
        log(Level::Error, "cannot connect to the system bus: " + e.getName() + ": " + e.getMessage());
    } catch (const std::exception& e) {
        log(Level::Error, std::string("cannot start: ") + e.what());
    }
    return EXIT_FAILURE;
}
