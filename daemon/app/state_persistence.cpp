#include "state_persistence.hpp"

#include "core/engine.hpp"
#include "log/journal.hpp"
#include "persist/state_writer.hpp"

#include <utility>

namespace pgmd {

namespace {

// Long enough to gather a burst of events (a group starting, a host
// re-initialising) into one save, short enough to lose little in a crash.
constexpr Duration kSaveDelay = std::chrono::milliseconds(200);

} // namespace

StatePersistence::StatePersistence(ActionExecutor& executor, Engine& engine, pgm::EventLoop& loop,
                                   StateWriter& writer)
    : ActionSink(executor), engine_(engine), writer_(writer), saveTimer_(loop)
{
}

void StatePersistence::saveNow()
{
    saveTimer_.cancel();
    writer_.saveNow(engine_.snapshot());
}

void StatePersistence::perform(const Action& action)
{
    if (!std::holds_alternative<PersistNow>(action))
        return;
    // One save per engine answer: its snapshot holds all of it.
    if (std::exchange(persistedThisAnswer_, true))
        return;
    try {
        writer_.saveBeforeActing(engine_.snapshot());
    } catch (const std::exception& e) {
        // Recovery goes on: a lost count beats no restart.
        log::error(std::string("cannot save state before acting on a fault: ") + e.what());
    }
}

// The engine moved on: a PersistNow among the new actions saves a newer snapshot.
void StatePersistence::engineAnswered()
{
    persistedThisAnswer_ = false;
}

// Saved shortly after a burst, from one snapshot, written off the loop.
void StatePersistence::batchDone()
{
    if (engine_.takeDirty())
        saveTimer_.armIfIdle(kSaveDelay, [this] { writer_.submit(engine_.snapshot()); });
}

} // namespace pgmd
