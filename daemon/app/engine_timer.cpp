#include "engine_timer.hpp"

#include "core/engine.hpp"
#include "common/loop/event_loop.hpp"

namespace pgmd {

EngineTimer::EngineTimer(ActionExecutor& executor, Engine& engine, pgm::EventLoop& loop)
    : ActionSink(executor), executor_(executor), engine_(engine), loop_(loop)
{
}

void EngineTimer::batchDone()
{
    loop_.setDeadline(engine_.nextDeadline(), [this] { executor_.execute(engine_.onTimer()); });
}

} // namespace pgmd
