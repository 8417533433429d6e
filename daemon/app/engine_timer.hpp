#pragma once
// The engine's deadlines on the loop: after every burst of actions the one
// timer is set to the engine's next deadline, and when it fires the engine's
// answer is carried out like any other.

#include "action_executor.hpp"

namespace pgmd {

class Engine;
class EventLoop;

class EngineTimer final : public ActionSink {
public:
    EngineTimer(ActionExecutor& executor, Engine& engine, EventLoop& loop);

    void perform(const Action&) override {}
    void batchDone() override;

private:
    ActionExecutor& executor_;
    Engine& engine_;
    EventLoop& loop_;
};

} // namespace pgmd
