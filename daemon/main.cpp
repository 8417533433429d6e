// pgmd: wiring only. Parses the command line, loads the configuration, connects
// to the system bus, creates the clock, the systemd adapter and the state
// writer, and hands everything to the Daemon on one event loop.

#include "app/boot_identity.hpp"
#include "app/checked_config.hpp"
#include "app/daemon.hpp"
#include "app/startup_config.hpp"
#include "cluster/corosync_link.hpp"
#include "config/config_loader.hpp"
#include "log/journal.hpp"
#include "common/log/level.hpp"
#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"
#include "common/loop/system_clock.hpp"
#include "persist/state_writer.hpp"
#include "systemd/systemd_client.hpp"

#include <sdbus-c++/sdbus-c++.h>
#include <systemd/sd-daemon.h>

#include <cstdio>
#include <getopt.h>
#include <iostream>
#include <unistd.h>

namespace {

constexpr const char* kDefaultConfigDir = "/etc/pgmd";

struct Options {
    std::string configDir = kDefaultConfigDir;
    bool checkConfig = false;
    std::optional<int> logLevel;
};

void usage(std::FILE* to)
{
    std::fprintf(to,
                 "Usage: pgmd [OPTIONS]\n\n"
                 "Keeps process groups available on this host.\n\n"
                 "  -c, --config-dir=DIR  read pgmd.conf, groups.d/ and resources.d/ from DIR\n"
                 "                        (default %s)\n"
                 "      --check-config    validate the configuration, list every error, and exit\n"
                 "      --log-level=LEVEL log at LEVEL (emerg ... info, debug) whatever LogLevel= says\n"
                 "  -h, --help            show this help\n"
                 "      --version         show the version\n",
                 kDefaultConfigDir);
}

// Returns -1 to go on, or an exit code.
int parseOptions(int argc, char** argv, Options& o)
{
    enum { OptCheck = 1000, OptVersion, OptLogLevel };
    static const option longOptions[] = {
        {"config-dir", required_argument, nullptr, 'c'},
        {"check-config", no_argument, nullptr, OptCheck},
        {"log-level", required_argument, nullptr, OptLogLevel},
        {"help", no_argument, nullptr, 'h'},
        {"version", no_argument, nullptr, OptVersion},
        {nullptr, 0, nullptr, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "c:h", longOptions, nullptr)) != -1) {
        switch (c) {
        case 'c': o.configDir = optarg; break;
        case OptCheck: o.checkConfig = true; break;
        case OptLogLevel:
            o.logLevel = pgm::log::parseLevel(optarg);
            if (!o.logLevel) {
                std::fprintf(stderr, "pgmd: invalid log level '%s' (emerg, alert, crit, err, warning, notice, info, "
                                     "debug, or 0-7)\n", optarg);
                return EXIT_FAILURE;
            }
            break;
        case 'h': usage(stdout); return EXIT_SUCCESS;
        case OptVersion: std::printf("pgmd %s\n", PGMD_VERSION); return EXIT_SUCCESS;
        default: usage(stderr); return EXIT_FAILURE;
        }
    }
    if (optind < argc) {
        std::fprintf(stderr, "pgmd: unexpected argument '%s'\n", argv[optind]);
        return EXIT_FAILURE;
    }
    return -1;
}

// Loads the configuration, asking systemd whether member units exist when it
// can be reached. Prints every error.
pgmd::LoadResult load(const std::string& dir)
{
    std::unique_ptr<sdbus::IConnection> bus;
    try {
        bus = sdbus::createSystemBusConnection();
    } catch (const sdbus::Error& e) {
        std::cerr << "pgmd: cannot reach systemd (" << e.getMessage() << "); unit names are not checked\n";
    }
    struct Quiet : pgmd::SystemdListener {
        void onUnitChanged(const std::string&, pgmd::UnitActivity, const std::string&) override {}
        void onJobFinished(const std::string&, pgmd::JobKind, const std::string&) override {}
        void onSystemdError(const std::string&) override {}
    } quiet;
    std::unique_ptr<pgmd::SystemdClient> systemd;
    if (bus)
        systemd = std::make_unique<pgmd::SystemdClient>(*bus, quiet);

    pgmd::LoadResult result = pgmd::loadCheckedConfig(dir, systemd.get());
    for (const pgm::ConfigError& e : result.errors)
        std::cerr << pgm::format(e) << '\n';
    if (!result.ok())
        std::cerr << "pgmd: " << pgmd::errorSummary(result.errors, dir) << '\n';
    return result;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    if (int rc = parseOptions(argc, argv, options); rc >= 0)
        return rc;

    // --check-config judges the files in the directory, never the last good copy.
    if (options.checkConfig) {
        pgmd::LoadResult checked = load(options.configDir);
        if (!checked.ok())
            return EXIT_FAILURE;
        std::cout << options.configDir << ": configuration OK (" << checked.config.groups.size() << " groups, "
                  << checked.config.resources.size() << " resources)\n";
        // Groups whose Nodes= does not list this node: checked, run by other nodes.
        if (!checked.config.elsewhere.empty()) {
            std::cout << checked.config.elsewhere.size() << " more group"
                      << (checked.config.elsewhere.size() == 1 ? "" : "s") << " not run on this node ("
                      << checked.config.manager.nodeName << "):";
            for (const pgmd::GroupSpec& g : checked.config.elsewhere)
                std::cout << ' ' << g.name;
            std::cout << '\n';
        }
        return EXIT_SUCCESS;
    }

    std::optional<pgmd::StartupConfig> startup =
        pgmd::chooseStartupConfig(options.configDir, load(options.configDir), load);
    if (!startup)
        return EXIT_FAILURE;

    try {
        // Resource commands are children watched by the loop.
        pgm::blockChildSignals();
        pgm::EventLoop loop;
        loop.onSignals([&](int) { loop.exit(EXIT_SUCCESS); });
        auto systemdBus = sdbus::createSystemBusConnection();
        auto apiBus = sdbus::createSystemBusConnection();
        loop.attach(*systemdBus);
        loop.attach(*apiBus);

        const std::size_t groups = startup->config.groups.size();
        const std::string node = startup->config.manager.nodeName;
        pgm::SystemClock clock;
        // A thread of its own: started after the loop blocked the stop signals.
        pgmd::StateWriter stateWriter(startup->config.manager.stateDirectory,
                                      [](const std::string& e) { pgmd::log::error(e); });
        pgmd::DaemonParts parts{
            loop,
            *apiBus,
            clock,
            stateWriter,
            [&](pgmd::SystemdListener& listener) {
                return std::make_unique<pgmd::SystemdClient>(*systemdBus, listener);
            },
            pgmd::systemBootIdentity,
            options.logLevel,
            [&](pgmd::cluster::ClusterListener& listener) {
                return std::make_unique<pgmd::cluster::CorosyncLink>(loop, listener);
            },
        };
        pgmd::Daemon daemon(std::move(startup->config), options.configDir, parts, std::move(startup->staleBecause));
        daemon.start();
        sd_notifyf(0, "READY=1\nSTATUS=Managing %zu groups", groups);
        pgmd::log::info("pgmd " PGMD_VERSION " managing " + std::to_string(groups) + " groups on node " + node);

        const int rc = loop.run();
        sd_notify(0, "STOPPING=1");
        // Groups keep running: a restarted pgmd adopts them.
        daemon.saveNow();
        daemon.stopIndependentComputer();
        loop.detach(*apiBus);
        loop.detach(*systemdBus);
        return rc;
    } catch (const std::exception& e) {
        pgmd::log::error(std::string("pgmd: ") + e.what());
        return EXIT_FAILURE;
    }
}
