#pragma once
// The configuration pgmd runs, shared by the parts of the daemon that read it
// (the bus view, the systemd sink) and replaced by the reloader alone. Kept
// apart so that readers need not know about reloading, and so that the one
// copy the engine points into has one owner.

#include "core/model.hpp"
#include "core/time.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pgmd {

class CurrentConfig {
public:
    // `directory` is where Reload reads the configuration again. With
    // `staleBecause`, `config` is the last good copy, not what `directory`
    // holds, for that reason (its errors).
    CurrentConfig(Config config, std::string directory, TimePoint loadedAt,
                  std::optional<std::string> staleBecause = std::nullopt);

    const Config& get() const { return *config_; }
    const std::string& directory() const { return directory_; }
    TimePoint loadedAt() const { return loadedAt_; }
    // Set while the files in directory() do not load.
    const std::optional<std::string>& staleBecause() const { return staleBecause_; }

    // Puts `next` in place and hands back the previous configuration: the
    // caller keeps it alive until the engine no longer points into it.
    std::unique_ptr<Config> replace(std::unique_ptr<Config> next, TimePoint loadedAt);
    // Both return whether anything changed.
    bool markStale(std::string reason);
    bool clearStale();

private:
    std::unique_ptr<Config> config_;
    const std::string directory_;
    TimePoint loadedAt_;
    std::optional<std::string> staleBecause_;
};

// Every member unit of every group, in configuration order.
std::vector<std::string> memberUnits(const Config& config);
// The group `unit` is a member of; nullptr for none.
const GroupSpec* groupOfUnit(const Config& config, const std::string& unit);

} // namespace pgmd
