#pragma once
// Carries out the engine's answers. The engine returns a list of actions and
// several adapters act on them (systemd, the bus, the state file, the board
// link); this class only orders the work and keeps one failure from stopping
// the rest. It knows no adapter: each adapter is an ActionSink that registers
// itself, so a new one (a cluster link) is added without touching this file.

#include "core/actions.hpp"

#include <deque>
#include <vector>

namespace pgmd {

class ActionExecutor;

// One adapter's share of the engine's actions. Registered with the executor
// for as long as it lives; sinks see each action in the order they registered.
class ActionSink {
public:
    ActionSink(const ActionSink&) = delete;
    ActionSink& operator=(const ActionSink&) = delete;

    // Carries out `action` if it is of a kind this sink handles, ignores it
    // otherwise. May throw: the executor logs it and goes on.
    virtual void perform(const Action& action) = 0;
    // The engine answered again: the actions that follow reflect a newer state.
    virtual void engineAnswered() {}
    // The queue is empty: once per burst of actions (publishing, saving).
    virtual void batchDone() {}

protected:
    explicit ActionSink(ActionExecutor& executor);
    virtual ~ActionSink();

private:
    ActionExecutor& executor_;
};

class ActionExecutor {
public:
    ActionExecutor() = default;
    ActionExecutor(const ActionExecutor&) = delete;
    ActionExecutor& operator=(const ActionExecutor&) = delete;

    // Queues `actions` and, unless a drain is already under way (a sink
    // reporting back from inside a call), runs the queue to its end: what a
    // sink queues runs after the actions queued before it, in order. Then
    // every sink's batchDone(). Nothing a sink throws escapes.
    void execute(Actions actions);

private:
    friend class ActionSink;
    void add(ActionSink& sink);
    void remove(ActionSink& sink);

    std::vector<ActionSink*> sinks_;
    std::deque<Action> queue_;
    bool draining_ = false;
};

} // namespace pgmd
