#pragma once
// Reload and CheckConfig: reads the configuration directory again, applies
// a configuration that loads (systemd's drop-ins, the resource checks, the
// engine, the bus objects) and refuses one that does not, marking the
// running configuration stale. While stale it watches the directory, so
// that fixed files are taken without another Reload. Its own class because
// this is the one place where the configuration the rest reads is replaced.

#include "bus/state_source.hpp"
#include "common/loop/directory_watch.hpp"
#include "common/loop/oneshot_timer.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pgm {
class Clock;
class EventLoop;
} // namespace pgm

namespace pgmd {

class ActionExecutor;
class CurrentConfig;
class Engine;
class ResourceChecker;
class SystemdClient;
struct ManagerSpec;

class Reloader {
public:
    // What else follows a new configuration; either may be left empty.
    struct Hooks {
        // Before it is applied: parts set up once at start (the board link)
        // compare it with what they run and say what waits for a restart.
        std::function<void(const ManagerSpec& next)> managerReloaded;
        // After the engine took it: the bus objects follow the groups.
        std::function<void()> groupsReplaced;
    };

    // Starts watching the directory when `config` is stale already.
    Reloader(CurrentConfig& config, Engine& engine, SystemdClient& systemd, ResourceChecker& resources,
             ActionExecutor& executor, pgm::EventLoop& loop, const pgm::Clock& clock, Hooks hooks);
    ~Reloader();

    // BadConfig, with the errors, when the files do not load; nothing changes then.
    OpResult reload();
    // The errors of the files as they are now; empty when they load.
    std::vector<std::string> checkConfig();

private:
    // Reload and the retries of a stale configuration; `trigger` says which in the log.
    OpResult loadAndApply(const std::string& trigger);
    // The configuration directory has errors: the running configuration is
    // stale. Returns whether the reason changed.
    bool markStale(std::string reason);
    void clearStale();
    void watchDirectory();
    void retryStaleConfig();

    CurrentConfig& config_;
    Engine& engine_;
    SystemdClient& systemd_;
    ResourceChecker& resources_;
    ActionExecutor& executor_;
    pgm::EventLoop& loop_;
    const pgm::Clock& clock_;
    const Hooks hooks_;
    std::unique_ptr<pgm::DirectoryWatch> configWatch_;  // only while stale
    pgm::OneShotTimer retryTimer_;
};

} // namespace pgmd
