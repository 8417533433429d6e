#pragma once
// The engine's notifications made public: journal entries for transitions,
// escalation steps and adoptions, the matching org.pgmd1 signals, births and
// deaths for interested clients, and one PropertiesChanged per changed
// object (group, resource, manager) once the loop has handled everything
// pending.

#include "action_executor.hpp"

#include "common/loop/event_sources.hpp"

#include <set>
#include <string>

namespace pgm {
class EventLoop;
}

namespace pgmd {

class BusServer;
class Engine;

class BusPublisher final : public ActionSink {
public:
    BusPublisher(ActionExecutor& executor, BusServer& bus, const Engine& engine, pgm::EventLoop& loop);

    void perform(const Action& action) override;
    void batchDone() override;

private:
    void publishStateChange(const StateChanged& change);
    const char* layerOf(const std::string& group) const;
    void publishProperties();

    BusServer& bus_;
    const Engine& engine_;
    std::set<std::string> changedGroups_;
    std::set<std::string> changedResources_;
    bool managerChanged_ = false;
    pgm::DeferredWork propertiesChanged_;
};

} // namespace pgmd
