// The ladder's last resort: once the reboot budget is spent, the engine asks
// the independent computer for a power cycle, if pgmd.conf has one.
#include "harness.hpp"

using namespace pgmd;
using namespace pgmd::test;
using namespace std::chrono;
using Step = EscalationStep;

namespace {

Config withSystemGroup(bool independentComputer, Budget reboots)
{
    Config c = makeConfig({makeGroup("os", Layer::System, {"os.service"}),
                           makeGroup("app", Layer::Application, {"app.service"})});
    c.manager.reboots = reboots;
    if (independentComputer)
        c.manager.independentComputer = IndependentComputerSpec{};
    return c;
}

} // namespace

TEST(PowerCycle, SpentRebootBudgetAsksTheBoardRightAfterTheExhaustedStep)
{
    Harness h(withSystemGroup(true, {0, hours(1)}));
    h.boot();
    h.clearLog();
    h.kill("os.service");
    ASSERT_EQ(h.steps(), (std::vector<Step>{Step::OutOfService, Step::Exhausted}));
    const auto requests = h.actionsOf<RequestPowerCycle>();
    ASSERT_EQ(requests.size(), 1u);
    const std::string exhausted = h.escalations().back().reason;
    EXPECT_EQ(requests[0].reason, "reboot budget spent: " + exhausted);

    // Asked once the exhausted step is on record, not before.
    std::size_t stepAt = 0, requestAt = 0;
    for (std::size_t i = 0; i < h.log.size(); ++i) {
        if (auto* e = std::get_if<EscalationTaken>(&h.log[i]); e && e->step == Step::Exhausted)
            stepAt = i;
        if (std::holds_alternative<RequestPowerCycle>(h.log[i]))
            requestAt = i;
    }
    EXPECT_LT(stepAt, requestAt);
    EXPECT_FALSE(h.rebooted);
}

TEST(PowerCycle, NoIndependentComputerNoRequest)
{
    Harness h(withSystemGroup(false, {0, hours(1)}));
    h.boot();
    h.kill("os.service");
    ASSERT_EQ(h.steps().back(), Step::Exhausted);
    EXPECT_TRUE(h.actionsOf<RequestPowerCycle>().empty());
}

TEST(PowerCycle, ARebootWithinTheBudgetIsNotAPowerCycle)
{
    Harness h(withSystemGroup(true, {1, hours(1)}));
    h.boot();
    h.kill("os.service");
    ASSERT_EQ(h.steps().back(), Step::Reboot);
    EXPECT_TRUE(h.rebooted);
    EXPECT_TRUE(h.actionsOf<RequestPowerCycle>().empty());
}

TEST(PowerCycle, ARefusedRebootAsksTheBoard)
{
    Harness h(withSystemGroup(true, {1, hours(1)}));
    h.boot();
    h.kill("os.service");
    ASSERT_TRUE(h.rebooted);
    h.clearLog();
    h.process(h.engine->onRebootFailed("Access denied"));
    ASSERT_EQ(h.steps(), std::vector<Step>{Step::Exhausted});
    const auto requests = h.actionsOf<RequestPowerCycle>();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].reason, "reboot budget spent: the host could not be rebooted: Access denied");
}
