#pragma once
// What the engine asks of this host: systemd jobs for the members (inline
// members as transient units in their group's slice), resource checks and
// re-inits, and the reboot. The sink translates; it decides nothing.

#include "action_executor.hpp"

#include <optional>
#include <string>

namespace pgmd {

class CurrentConfig;
class ResourceChecker;
class StatePersistence;
class SystemdClient;
struct MemberSpec;

class HostSink final : public ActionSink {
public:
    // `persistence` saves the reboot count before the host goes down.
    HostSink(ActionExecutor& executor, const CurrentConfig& config, SystemdClient& systemd,
             ResourceChecker& resources, StatePersistence& persistence);

    void perform(const Action& action) override;

private:
    // The inline member `unit` as systemd should run it, or nothing for an existing unit.
    std::optional<MemberSpec> transientMember(const std::string& unit, std::string* slice) const;
    void reboot(const RebootHost& action);

    const CurrentConfig& config_;
    SystemdClient& systemd_;
    ResourceChecker& resources_;
    StatePersistence& persistence_;
};

} // namespace pgmd
