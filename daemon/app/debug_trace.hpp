#pragma once
// At LogLevel=debug, every action the engine decides on, as the scenarios'
// traces show it, before the other sinks carry it out: what pgmd did and in
// which order, for a bug report.

#include "action_executor.hpp"

namespace pgmd {

class DebugTrace final : public ActionSink {
public:
    explicit DebugTrace(ActionExecutor& executor) : ActionSink(executor) {}
    void perform(const Action& action) override;
};

} // namespace pgmd
