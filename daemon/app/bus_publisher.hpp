#pragma once
// The engine's notifications made public: journal entries for transitions,
// escalation steps and adoptions, the matching org.pgmd1 signals, births and
// deaths for interested clients, and one PropertiesChanged per changed
// object after each burst of actions.

#include "action_executor.hpp"

#include <set>
#include <string>

namespace pgmd {

class BusServer;
class Engine;

class BusPublisher final : public ActionSink {
public:
    BusPublisher(ActionExecutor& executor, BusServer& bus, const Engine& engine);

    void perform(const Action& action) override;
    void batchDone() override;

private:
    void publishStateChange(const StateChanged& change);
    const char* layerOf(const std::string& group) const;

    BusServer& bus_;
    const Engine& engine_;
    std::set<std::string> changedGroups_;
    bool managerChanged_ = false;
};

} // namespace pgmd
