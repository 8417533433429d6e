// The order in which the engine's actions are carried out, and that one
// sink's failure does not stop the others.
#include "app/action_executor.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

namespace pgmd {
namespace {

using ::testing::ElementsAre;

std::string unitOf(const Action& a)
{
    if (auto* s = std::get_if<StartUnit>(&a))
        return s->unit;
    if (auto* s = std::get_if<StopUnit>(&a))
        return "stop " + s->unit;
    return "other";
}

// Records what it is given; `onPerform` may act (report back, throw) first.
class RecordingSink : public ActionSink {
public:
    explicit RecordingSink(ActionExecutor& executor) : ActionSink(executor) {}
    void perform(const Action& a) override
    {
        seen.push_back(unitOf(a));
        if (onPerform)
            onPerform(a);
    }
    void engineAnswered() override { ++answers; }
    void batchDone() override { batches.push_back(seen.size()); }

    std::function<void(const Action&)> onPerform;
    std::vector<std::string> seen;
    std::vector<std::size_t> batches;  // how many actions had been seen at each batchDone
    int answers = 0;
};

TEST(ActionExecutor, ActionsQueuedFromInsideASinkRunAfterTheQueuedOnes)
{
    ActionExecutor executor;
    RecordingSink sink(executor);
    sink.onPerform = [&](const Action& a) {
        // An adapter reporting back from inside the call for "a".
        if (unitOf(a) == "a")
            executor.execute({StartUnit{"c"}});
    };
    executor.execute({StartUnit{"a"}, StartUnit{"b"}});
    EXPECT_THAT(sink.seen, ElementsAre("a", "b", "c"));
    EXPECT_THAT(sink.batches, ElementsAre(3u)) << "one batch for the whole drain";
    EXPECT_EQ(sink.answers, 2);
}

TEST(ActionExecutor, AThrowingSinkStopsNeitherTheOtherSinksNorLaterActions)
{
    ActionExecutor executor;
    RecordingSink failing(executor);
    RecordingSink after(executor);
    failing.onPerform = [](const Action& a) {
        if (unitOf(a) == "a")
            throw std::runtime_error("the bus refused");
    };
    executor.execute({StartUnit{"a"}, StartUnit{"b"}});
    EXPECT_THAT(failing.seen, ElementsAre("a", "b"));
    EXPECT_THAT(after.seen, ElementsAre("a", "b"));
    EXPECT_THAT(after.batches, ElementsAre(2u));
}

TEST(ActionExecutor, SinksSeeEachActionInTheOrderTheyRegistered)
{
    ActionExecutor executor;
    std::vector<std::string> order;
    RecordingSink first(executor), second(executor);
    first.onPerform = [&](const Action& a) { order.push_back("first " + unitOf(a)); };
    second.onPerform = [&](const Action& a) { order.push_back("second " + unitOf(a)); };
    executor.execute({StartUnit{"a"}, StopUnit{"a"}});
    EXPECT_THAT(order, ElementsAre("first a", "second a", "first stop a", "second stop a"));
}

TEST(ActionExecutor, AFailingBatchEndDoesNotKeepTheNextBatchFromRunning)
{
    struct FailsAtBatchEnd : RecordingSink {
        using RecordingSink::RecordingSink;
        void batchDone() override { throw std::runtime_error("cannot publish"); }
    };
    ActionExecutor executor;
    FailsAtBatchEnd failing(executor);
    RecordingSink after(executor);
    executor.execute({StartUnit{"a"}});
    executor.execute({StartUnit{"b"}});
    EXPECT_THAT(after.seen, ElementsAre("a", "b"));
    EXPECT_THAT(after.batches, ElementsAre(1u, 2u));
}

TEST(ActionExecutor, ASinkGoneIsNoLongerAsked)
{
    ActionExecutor executor;
    RecordingSink stays(executor);
    {
        RecordingSink leaves(executor);
        executor.execute({StartUnit{"a"}});
        EXPECT_THAT(leaves.seen, ElementsAre("a"));
    }
    executor.execute({StartUnit{"b"}});
    EXPECT_THAT(stays.seen, ElementsAre("a", "b"));
}

} // namespace
} // namespace pgmd
