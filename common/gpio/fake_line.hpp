#pragma once
// Lines for tests. The fake input owns a real eventfd that becomes readable
// when an edge is injected, so event-loop code polls it exactly as it polls
// a libgpiod line. The fake output records what was set and can play a
// broken relay (writes fail, readback stuck).

#include "common/gpio/line.hpp"

#include <deque>
#include <optional>

namespace pgm::gpio {

class FakeInputLine : public InputLine {
public:
    // Throws LineError when no eventfd can be made.
    explicit FakeInputLine(bool level = false);
    ~FakeInputLine() override;
    FakeInputLine(const FakeInputLine&) = delete;
    FakeInputLine& operator=(const FakeInputLine&) = delete;

    // Queues an edge stamped `at`; the level follows it.
    void inject(Edge edge, pgm::MonoTime at);
    // Flips the level and queues the matching edge.
    void toggle(pgm::MonoTime at);
    // Changes the level without an event, as if edges had been lost.
    void setLevel(bool high) { level_ = high; }
    std::size_t pending() const { return queue_.size(); }

    int eventFd() const override { return fd_; }
    std::vector<EdgeEvent> readEvents() override;
    bool value() const override { return level_; }

private:
    int fd_;
    bool level_;
    std::deque<EdgeEvent> queue_;
};

class FakeOutputLine : public OutputLine {
public:
    explicit FakeOutputLine(bool level = false) : level_(level) {}

    void setValue(bool high) override;
    bool value() const override { return stuckAt_.value_or(level_); }

    // Every value set, in order.
    const std::vector<bool>& history() const { return history_; }
    // From now on setValue() throws LineError with this errno (0: works again).
    void failWrites(int error) { writeError_ = error; }
    // The readback reports this level whatever is set (a welded contact);
    // nullopt: reads back what was set.
    void stickReadback(std::optional<bool> level) { stuckAt_ = level; }

private:
    bool level_;
    std::vector<bool> history_;
    int writeError_ = 0;
    std::optional<bool> stuckAt_;
};

} // namespace pgm::gpio
