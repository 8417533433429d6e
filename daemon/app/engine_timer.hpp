#pragma once
// The engine's deadlines on the loop: after every burst of actions the one
// timer is set to the engine's next deadline, and when it fires the engine's
// answer is carried out like any other.

#include "action_executor.hpp"

namespace pgm {
class EventLoop;
}

namespace pgmd {

class Engine;

class EngineTimer final : public ActionSink {
public:
    EngineTimer(ActionExecutor& executor, Engine& engine, pgm::EventLoop& loop);

    void perform(const Action&) override {}
    void batchDone() override;

private:
    ActionExecutor& executor_;
    Engine& engine_;
    pgm::EventLoop& loop_;
};

} // namespace pgmd
