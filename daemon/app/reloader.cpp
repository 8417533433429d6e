#include "reloader.hpp"

#include "action_executor.hpp"
#include "checked_config.hpp"
#include "current_config.hpp"
#include "startup_config.hpp"

#include "core/engine.hpp"
#include "log/journal.hpp"
#include "resources/resource_checker.hpp"
#include "systemd/systemd_client.hpp"

namespace pgmd {

namespace {

// Editors and tools write a configuration in several steps (a temporary file,
// a rename, the next file): wait for a burst of changes to settle before
// trying a stale configuration's files again.
constexpr Duration kRetryDelay = std::chrono::milliseconds(500);

} // namespace

Reloader::Reloader(CurrentConfig& config, Engine& engine, SystemdClient& systemd, ResourceChecker& resources,
                   ActionExecutor& executor, pgm::EventLoop& loop, const Clock& clock, Hooks hooks)
    : config_(config), engine_(engine), systemd_(systemd), resources_(resources), executor_(executor), loop_(loop),
      clock_(clock), hooks_(std::move(hooks)), retryTimer_(loop)
{
    if (config_.staleBecause())
        watchDirectory();
}

Reloader::~Reloader() = default;

std::vector<std::string> Reloader::checkConfig()
{
    std::vector<std::string> errors;
    for (const pgm::ConfigError& e : loadCheckedConfig(config_.directory(), &systemd_).errors)
        errors.push_back(format(e));
    return errors;
}

OpResult Reloader::reload()
{
    return loadAndApply("reload");
}

bool Reloader::markStale(std::string reason)
{
    const bool changed = config_.markStale(std::move(reason));
    watchDirectory();
    return changed;
}

void Reloader::watchDirectory()
{
    if (configWatch_)
        return;
    const std::string& dir = config_.directory();
    try {
        configWatch_ = std::make_unique<pgm::DirectoryWatch>(
            loop_, std::vector<std::string>{dir, dir + "/groups.d", dir + "/resources.d"},
            [this] { retryTimer_.armIfIdle(kRetryDelay, [this] { retryStaleConfig(); }); });
    } catch (const std::exception& e) {
        log::warning(std::string("cannot watch ") + dir + " (" + e.what() +
                     "); once the files are fixed, reload pgmd to pick them up");
    }
}

void Reloader::clearStale()
{
    if (config_.clearStale())
        log::info("the configuration in " + config_.directory() +
                  " loads again: pgmd no longer runs a stale configuration");
    retryTimer_.cancel();
    configWatch_.reset();
}

// From a timer: nothing may escape, or the loop ends.
void Reloader::retryStaleConfig()
{
    if (!config_.staleBecause())
        return;
    try {
        loadAndApply("the files in " + config_.directory() + " changed");
    } catch (const std::exception& e) {
        log::error("cannot apply the changed configuration: " + std::string(e.what()));
    }
}

OpResult Reloader::loadAndApply(const std::string& trigger)
{
    const std::string& dir = config_.directory();
    LoadResult loaded = loadCheckedConfig(dir, &systemd_);
    if (!loaded.ok()) {
        const std::string summary = errorSummary(loaded.errors, dir);
        const std::string lines = errorLines(loaded.errors);
        const bool changed = markStale(summary + ":" + lines);
        log::warning(trigger + ": refused " + summary + "; nothing changed, pgmd runs a STALE configuration "
                     "until the files load:" + lines);
        executor_.execute(changed ? Actions{ManagerUpdated{}} : Actions{});
        return {OpError::BadConfig, summary + "; nothing changed:" + lines};
    }
    const ManagerSpec& running = config_.get().manager;
    auto next = std::make_unique<Config>(std::move(loaded.config));
    if (next->manager.stateDirectory != running.stateDirectory)
        log::warning("reload: StateDirectory= changes only when pgmd restarts; keeping " + running.stateDirectory);
    next->manager.stateDirectory = running.stateDirectory;
    if (hooks_.managerReloaded)
        hooks_.managerReloaded(next->manager);
    // The link is set up once (see BoardLinkSink::onReload): the engine, which asks
    // for power cycles only with a board, keeps seeing the link that runs.
    next->manager.independentComputer = running.independentComputer;
    // So is the cluster link (ClusterCoordinator), and the engine starts
    // clustered halves as standby only with it: [Cluster] stays as pgmd
    // started with it until pgmd restarts.
    if (next->cluster != config_.get().cluster)
        log::warning("reload: [Cluster] changes only when pgmd restarts; keeping the running one");
    next->cluster = config_.get().cluster;

    systemd_.watch(memberUnits(*next));
    try {
        if (systemd_.installDropIns(next->groups))
            log::info("reload: member units placed in their group slices (systemd reloaded)");
    } catch (const std::exception& e) {
        log::error(std::string("reload: cannot update the member units' drop-ins: ") + e.what());
    }
    // The new configuration is in place before anything points into it, and
    // the old one lives until the engine no longer does, whatever happens.
    const std::unique_ptr<Config> previous = config_.replace(std::move(next), clock_.now());
    const Config& current = config_.get();
    resources_.setResources(current.resources);
    Actions actions = engine_.reconfigure(current);
    if (hooks_.groupsReplaced)
        hooks_.groupsReplaced();
    log::info(trigger + ": configuration loaded from " + dir + ": " + std::to_string(current.groups.size()) +
              " groups, " + std::to_string(current.resources.size()) + " resources");
    clearStale();
    keepLastGoodOrWarn(dir, current.manager.stateDirectory);
    // The manager's properties (ConfigLoadedTimestamp, ConfigStale) changed.
    actions.push_back(ManagerUpdated{});
    executor_.execute(std::move(actions));
    return {};
}

} // namespace pgmd
