#pragma once
// The engine's state on disk: the PersistNow the engine puts before a step
// it counts, the batched save after a burst of events, and the synchronous
// save at shutdown or before a reboot. Its own class so that the timing of
// saves (the crash-safety of the counters) is in one place; the writing
// itself is the StateWriter's, which main() creates.

#include "action_executor.hpp"

#include "common/loop/event_loop.hpp"
#include "common/loop/oneshot_timer.hpp"

namespace pgmd {

class Engine;
class StateWriter;

class StatePersistence final : public ActionSink {
public:
    StatePersistence(ActionExecutor& executor, Engine& engine, pgm::EventLoop& loop, StateWriter& writer);

    // Writes the state before returning (clean shutdown, before a reboot).
    // Throws std::system_error.
    void saveNow();

    void perform(const Action& action) override;
    void engineAnswered() override;
    void batchDone() override;

private:
    Engine& engine_;
    StateWriter& writer_;
    pgm::OneShotTimer saveTimer_;
    bool persistedThisAnswer_ = false;  // see PersistNow
};

} // namespace pgmd
