// Resources come up before their groups, are watched, and their faults
// re-initialise the resource and escalate the dependents per layer.
#include "harness.hpp"

using namespace pgmd;
using namespace pgmd::test;
using namespace std::chrono;
using S = GroupState;
using Step = EscalationStep;

namespace {

Config withResources()
{
    GroupSpec app = makeGroup("app", Layer::Application, {"app.service"});
    app.resources = {"data"};
    GroupSpec plat = makeGroup("plat", Layer::Platform, {"plat.service"});
    plat.resources = {"disk"};
    return makeConfig({plat, app}, {makeResource("data", true), makeResource("disk")});
}

} // namespace

TEST(Resources, CheckedBeforeTheirGroupsStart)
{
    Harness h(withResources());
    h.resourceHealthy["data"] = false;
    h.boot();
    EXPECT_EQ(h.state("plat"), S::Active);
    EXPECT_EQ(h.state("app"), S::Unavailable);
    EXPECT_EQ(h.reinitedResources, std::vector<std::string>{"data"}) << "a failed resource is repaired once";
    EXPECT_FALSE(h.running.count("app.service"));
    // Set up, not re-initialised: no step of the ladder, nothing was running on it.
    EXPECT_TRUE(h.steps().empty());
    ASSERT_EQ(h.actionsOf<ResourceSetUp>().size(), 1u);
    EXPECT_EQ(h.actionsOf<ResourceSetUp>().front().resource, "data");

    // The next periodic check finds it healthy: the group starts.
    h.resourceHealthy["data"] = true;
    h.advance(seconds(10));
    EXPECT_EQ(h.state("app"), S::Active);
}

TEST(Resources, ApplicationDependentGoesOutOfServiceAndReturnsWhenRepaired)
{
    Harness h(withResources());
    h.boot();
    ASSERT_EQ(h.state("app"), S::Active);
    h.clearLog();
    h.resourceHealthy["data"] = false;
    h.advance(seconds(10));
    EXPECT_EQ(h.steps(), (std::vector<Step>{Step::OutOfService, Step::ReinitResource}));
    EXPECT_TRUE(h.actionsOf<ResourceSetUp>().empty()) << "it was up: this is a re-initialisation";
    EXPECT_EQ(h.state("app"), S::Unavailable);
    EXPECT_NE(h.group("app").lastFault.find("resource data failed"), std::string::npos);
    EXPECT_EQ(h.state("plat"), S::Active);

    h.resourceHealthy["data"] = true;
    h.advance(seconds(10));
    EXPECT_EQ(h.state("app"), S::Active);
}

TEST(Resources, PlatformDependentReinitialisesTheHost)
{
    Harness h(withResources());
    h.boot();
    h.clearLog();
    h.resourceHealthy["disk"] = false;
    h.advance(seconds(10));
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::ReinitHost});
    EXPECT_EQ(h.state("plat"), S::Unavailable);
    EXPECT_EQ(h.state("app"), S::Unavailable) << "the application layer waits for the platform";
}

TEST(Resources, ChecksRunOnTheirIntervalAndNothingElseWakesUp)
{
    Harness h(withResources());
    h.boot();
    h.clearLog();
    ASSERT_TRUE(h.engine->nextDeadline().has_value());
    EXPECT_EQ(*h.engine->nextDeadline() - h.clock.monotonic(), seconds(10));
    h.advance(seconds(60));
    EXPECT_EQ(h.actionsOf<CheckResource>().size(), 12u);  // two resources, every 10 s
    EXPECT_TRUE(h.steps().empty());
}

TEST(Resources, NoResourcesNoTimers)
{
    Harness h(makeConfig({makeGroup("g", Layer::Application, {"a.service"})}));
    h.boot();
    EXPECT_FALSE(h.engine->nextDeadline().has_value()) << "an idle engine asks for no wake-ups";
}
