#include "action_executor.hpp"

#include "log/journal.hpp"

#include <algorithm>
#include <iterator>

namespace pgmd {

ActionSink::ActionSink(ActionExecutor& executor) : executor_(executor)
{
    executor_.add(*this);
}

ActionSink::~ActionSink()
{
    executor_.remove(*this);
}

void ActionExecutor::add(ActionSink& sink)
{
    sinks_.push_back(&sink);
}

void ActionExecutor::remove(ActionSink& sink)
{
    sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), &sink), sinks_.end());
}

void ActionExecutor::execute(Actions actions)
{
    queue_.insert(queue_.end(), std::make_move_iterator(actions.begin()), std::make_move_iterator(actions.end()));
    // By index: a sink may register while the queue drains.
    for (std::size_t i = 0; i < sinks_.size(); ++i)
        sinks_[i]->engineAnswered();
    if (draining_)
        return;
    draining_ = true;
    while (!queue_.empty()) {
        const Action action = std::move(queue_.front());
        queue_.pop_front();
        // One action that cannot be carried out (a signal the bus refuses, a
        // full disk) must not keep the others, or later events, from running.
        for (std::size_t i = 0; i < sinks_.size(); ++i) {
            try {
                sinks_[i]->perform(action);
            } catch (const std::exception& e) {
                log::error(std::string("cannot carry out an action: ") + e.what());
            }
        }
    }
    draining_ = false;
    for (std::size_t i = 0; i < sinks_.size(); ++i) {
        try {
            sinks_[i]->batchDone();
        } catch (const std::exception& e) {
            log::error(std::string("cannot publish changes: ") + e.what());
        }
    }
}

} // namespace pgmd
