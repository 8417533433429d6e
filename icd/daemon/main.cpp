// pgm-icd: the board daemon of the independent computer. See pgm-icd(8).

#include "board_state_file.hpp"
#include "icd_bus.hpp"
#include "icd_config.hpp"
#include "icd_daemon.hpp"
#include "libgpiod_lines.hpp"
#include "common/log/journal.hpp"
#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"
#include "common/loop/system_clock.hpp"

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

#include <systemd/sd-daemon.h>

namespace {

// Exit statuses, as the man page lists them.
constexpr int kExitUsage = 2;
constexpr int kExitConfig = 3;
constexpr int kExitState = 4;
constexpr int kExitStartup = 5;

struct Options {
    std::string configFile = icd::daemon::kDefaultConfigFile;
    bool checkOnly = false;
};

const char* kUsage =
    "Usage: pgm-icd [--config=FILE] [--check-config]\n"
    "Watches hosts over their serial lines and power-cycles those whose heartbeats stop.\n";

bool parseOptions(int argc, char** argv, Options& options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.starts_with("--config="))
            options.configFile = arg.substr(std::strlen("--config="));
        else if (arg == "--config" && i + 1 < argc)
            options.configFile = argv[++i];
        else if (arg == "--check-config")
            options.checkOnly = true;
        else if (arg == "--help") {
            std::cout << kUsage;
            std::exit(EXIT_SUCCESS);
        } else {
            std::cerr << "pgm-icd: unknown argument " << arg << "\n" << kUsage;
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    if (!parseOptions(argc, argv, options))
        return kExitUsage;

    icd::daemon::LoadedIcdConfig loaded = icd::daemon::loadIcdConfig(options.configFile);
    for (const pgm::ConfigError& e : loaded.errors)
        std::cerr << pgm::format(e) << "\n";
    if (!loaded.config)
        return kExitConfig;
    if (options.checkOnly)
        return EXIT_SUCCESS;

    try {
        // Relay commands are children watched by the loop.
        pgm::blockChildSignals();
        pgm::EventLoop loop;
        loop.onSignals([&loop](int) { loop.exit(EXIT_SUCCESS); });
        pgm::SystemClock clock;
        icd::daemon::IcdDaemon daemon(loop, clock, std::move(*loaded.config), icd::daemon::currentBootId(),
                                      icd::daemon::libgpiodLines());
        // Watching hosts does not depend on the bus: without it pgm-icd still
        // power-cycles, it only cannot be asked about it.
        std::unique_ptr<icd::daemon::IcdBus> bus;
        try {
            bus = std::make_unique<icd::daemon::IcdBus>(loop, daemon, daemon.config().busAddress);
            daemon.onChange([&bus](const std::string& host) { bus->changed(host); });
            daemon.onFenceReport([&bus](const icd::daemon::FenceReport& r) { bus->reported(r); });
        } catch (const std::exception& e) {
            pgm::log::error(std::string("no D-Bus interface: ") + e.what());
        }
        sd_notify(0, "READY=1\nSTATUS=watching hosts");
        pgm::log::info("pgm-icd started, watching " + std::to_string(daemon.config().hosts.size()) + " host(s)");
        const int code = loop.run();
        sd_notify(0, "STOPPING=1");
        return code;
    } catch (const icd::daemon::BadStateFile& e) {
        pgm::log::error(std::string("bad state file: ") + e.what());
        return kExitState;
    } catch (const icd::board::InvalidBoardConfig& e) {
        pgm::log::error(e.what());
        return kExitConfig;
    } catch (const std::exception& e) {
        pgm::log::error(e.what());
        return kExitStartup;
    }
}
