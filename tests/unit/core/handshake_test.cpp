// Handshake=bus: a group counts as standby or active only once its application
// has acknowledged the request, quoting the state and the incarnation it was given.
#include "harness.hpp"

using namespace pgmd;
using namespace pgmd::test;
using namespace std::chrono;
using S = GroupState;
using Step = EscalationStep;

namespace {

GroupSpec handshakePrimary(const std::string& name, std::vector<std::string> units)
{
    return makePairedGroup(name, Role::Primary, StandbyKind::Hot, Handshake::Bus, std::move(units));
}

GroupSpec handshakeAlternate(const std::string& name, std::vector<std::string> units)
{
    return makePairedGroup(name, Role::Alternate, StandbyKind::Hot, Handshake::Bus, std::move(units));
}

void expectRequest(const Harness& h, const std::string& group, S state, std::uint64_t incarnation)
{
    const auto requests = h.actionsOf<RequestActivation>();
    ASSERT_FALSE(requests.empty()) << "no RequestActivation for " << group;
    const RequestActivation& last = requests.back();
    EXPECT_EQ(last.group, group);
    EXPECT_EQ(last.state, state);
    EXPECT_EQ(last.incarnation, incarnation);
}

Config alternateConfig(std::vector<std::string> units = {"alt.service"})
{
    return makeConfig({handshakeAlternate("alt", std::move(units))});
}

// Boots the hot alternate of alternateConfig() and acknowledges standby.
void bootToStandby(Harness& h)
{
    h.boot();
    EXPECT_EQ(h.run(h.engine->acknowledge("alt", S::Standby, 1)), OperatorError::None);
    EXPECT_EQ(h.state("alt"), S::Standby);
    h.clearLog();
}

} // namespace

TEST(Handshake, AlternateIsStandbyOnlyOnceTheApplicationAcknowledges)
{
    Harness h(makeConfig({handshakeAlternate("alt", {"a.service", "b.service"})}));
    h.boot();
    EXPECT_EQ(h.state("alt"), S::Init) << "every member runs, but the application has not answered";
    EXPECT_TRUE(h.running.count("a.service") && h.running.count("b.service"));
    EXPECT_EQ(h.group("alt").requested, S::Standby);
    EXPECT_EQ(h.actionsOf<RequestActivation>().size(), 1u);
    expectRequest(h, "alt", S::Standby, 1);

    h.clearLog();
    EXPECT_EQ(h.run(h.engine->acknowledge("alt", S::Standby, 1)), OperatorError::None);
    EXPECT_EQ(h.state("alt"), S::Standby);
    EXPECT_FALSE(h.group("alt").requested);
    EXPECT_FALSE(h.group("alt").activationDeadline) << "nothing is awaited any more";
    const auto changes = h.actionsOf<StateChanged>();
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].from, S::Init);
    EXPECT_EQ(changes[0].to, S::Standby);
    EXPECT_EQ(changes[0].incarnation, 1u);
    EXPECT_EQ(changes[0].reason, "acknowledged by the application");

    // Answered once: a second answer has nothing to answer.
    EXPECT_EQ(h.engine->acknowledge("alt", S::Standby, 1).error, OperatorError::InvalidState);
}

TEST(Handshake, PrimaryIsActiveOnlyOnceAcknowledgedAndItsDependentsWait)
{
    GroupSpec web = makeGroup("web", Layer::Application, {"web.service"}, {"prim"});
    Harness h(makeConfig({handshakePrimary("prim", {"prim.service"}), web}));
    h.boot();
    EXPECT_EQ(h.state("prim"), S::Init);
    expectRequest(h, "prim", S::Active, 1);
    EXPECT_EQ(h.state("web"), S::Unavailable) << "what it depends on is not running yet";
    EXPECT_EQ(h.started(), std::vector<std::string>{"prim.service"});

    EXPECT_EQ(h.run(h.engine->acknowledge("prim", S::Active, 1)), OperatorError::None);
    EXPECT_EQ(h.statesOf("prim"), (std::vector<S>{S::Init, S::Active}));
    EXPECT_EQ(h.state("web"), S::Active);
    EXPECT_EQ(h.actionsOf<RequestActivation>().size(), 1u) << "web has no handshake";
}

TEST(Handshake, AcknowledgementWithoutARequestIsRefused)
{
    GroupSpec plain = makeGroup("plain", Layer::Application, {"plain.service"});
    Harness h(makeConfig({handshakePrimary("prim", {"a.service", "b.service"}), plain}));
    h.neverReady.insert("b.service");
    h.boot();
    ASSERT_EQ(h.state("prim"), S::Init);
    EXPECT_TRUE(h.actionsOf<RequestActivation>().empty()) << "b.service is not ready yet";

    OperatorResult early = h.engine->acknowledge("prim", S::Active, 1);
    EXPECT_EQ(early.error, OperatorError::InvalidState);
    EXPECT_NE(early.message.find("no acknowledgement is awaited"), std::string::npos) << early.message;
    EXPECT_TRUE(early.actions.empty());
    EXPECT_EQ(h.state("prim"), S::Init);

    // A group without a handshake never awaits one; an unknown group is not there.
    EXPECT_EQ(h.engine->acknowledge("plain", S::Active, 1).error, OperatorError::InvalidState);
    EXPECT_EQ(h.engine->acknowledge("nothing", S::Active, 1).error, OperatorError::NoSuchGroup);

    // The early answer did not count: the request still comes and still needs one.
    h.neverReady.clear();
    h.process(h.engine->onJobFinished("b.service", JobKind::Start, "done"));
    expectRequest(h, "prim", S::Active, 1);
    EXPECT_EQ(h.state("prim"), S::Init);
    EXPECT_EQ(h.run(h.engine->acknowledge("prim", S::Active, 1)), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Active);
}

TEST(Handshake, AcknowledgementOfAnotherStateIsRefused)
{
    Harness h(makeConfig({handshakePrimary("prim", {"prim.service"})}));
    h.boot();
    OperatorResult wrong = h.engine->acknowledge("prim", S::Standby, 1);
    EXPECT_EQ(wrong.error, OperatorError::InvalidState);
    EXPECT_NE(wrong.message.find("asked to become active, not standby"), std::string::npos) << wrong.message;
    EXPECT_TRUE(wrong.actions.empty());
    EXPECT_EQ(h.state("prim"), S::Init);
    EXPECT_EQ(h.group("prim").requested, S::Active) << "the request still stands";
}

TEST(Handshake, AcknowledgementOfAnEarlierIncarnationIsStale)
{
    Harness h(makeConfig({handshakePrimary("prim", {"a.service", "b.service"})}));
    h.boot();
    ASSERT_EQ(h.run(h.engine->acknowledge("prim", S::Active, 1)), OperatorError::None);

    // Process restarts keep the incarnation and need no new answer.
    h.clearLog();
    for (int i = 0; i < 3; ++i)
        h.kill("a.service");
    EXPECT_EQ(h.steps(), (std::vector<Step>{Step::RestartProcess, Step::RestartProcess, Step::RestartProcess}));
    EXPECT_TRUE(h.actionsOf<RequestActivation>().empty());
    EXPECT_EQ(h.state("prim"), S::Active);

    // The group restart gives it a new incarnation and asks again.
    h.clearLog();
    h.kill("a.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartGroup});
    EXPECT_EQ(h.group("prim").incarnation, 2u);
    EXPECT_EQ(h.state("prim"), S::Init);
    ASSERT_EQ(h.actionsOf<RequestActivation>().size(), 1u);
    expectRequest(h, "prim", S::Active, 2);

    OperatorResult stale = h.engine->acknowledge("prim", S::Active, 1);
    EXPECT_EQ(stale.error, OperatorError::StaleIncarnation);
    EXPECT_NE(stale.message.find("incarnation 1"), std::string::npos) << stale.message;
    EXPECT_TRUE(stale.actions.empty());
    EXPECT_EQ(h.state("prim"), S::Init);

    EXPECT_EQ(h.run(h.engine->acknowledge("prim", S::Active, 2)), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Active);
    const auto changes = h.actionsOf<StateChanged>();
    ASSERT_FALSE(changes.empty());
    EXPECT_EQ(changes.back().incarnation, 2u) << "StateChanged carries the group's incarnation";
}

TEST(Handshake, NoAcknowledgementInTimeTakesAnApplicationGroupOutOfService)
{
    GroupSpec web = makeGroup("web", Layer::Application, {"web.service"}, {"prim"});
    Harness h(makeConfig({handshakePrimary("prim", {"prim.service"}), web}));
    h.boot();
    ASSERT_EQ(h.group("prim").requested, S::Active);

    h.advance(seconds(29));
    EXPECT_EQ(h.state("prim"), S::Init);
    EXPECT_TRUE(h.steps().empty());

    h.advance(seconds(1));
    EXPECT_EQ(h.state("prim"), S::Unavailable);
    EXPECT_TRUE(h.group("prim").held);
    EXPECT_FALSE(h.group("prim").requested);
    EXPECT_EQ(h.group("prim").lastFault.rfind("no acknowledgement of active", 0), 0u) << h.group("prim").lastFault;
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::OutOfService});
    EXPECT_EQ(h.actionsOf<StopUnit>().size(), 1u);
    EXPECT_FALSE(h.running.count("prim.service"));
    EXPECT_EQ(h.state("web"), S::Unavailable);
    EXPECT_FALSE(h.rebooted);

    // A late answer finds nothing to answer, and the group stays held.
    EXPECT_EQ(h.engine->acknowledge("prim", S::Active, 1).error, OperatorError::InvalidState);
    h.advance(minutes(5));
    EXPECT_EQ(h.state("prim"), S::Unavailable);
}

TEST(Handshake, NoAcknowledgementInTimeReinitialisesTheHostForAPlatformGroup)
{
    GroupSpec base = makeGroup("base", Layer::Platform, {"base.service"});
    base.handshake = Handshake::Bus;
    Harness h(makeConfig({base}));
    h.boot();
    expectRequest(h, "base", S::Active, 1);
    h.clearLog();
    h.advance(base.activationTimeout);
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::ReinitHost});
    EXPECT_FALSE(h.group("base").held) << "a host re-initialisation starts everything again";
    EXPECT_EQ(h.statesOf("base"), (std::vector<S>{S::Unavailable, S::Init}));
    expectRequest(h, "base", S::Active, 2);
}

TEST(Handshake, MemberDyingWhileARequestIsPendingIsRestartedAndTheRequestStands)
{
    Harness h(makeConfig({handshakePrimary("prim", {"a.service", "b.service"})}));
    h.boot();
    h.advance(seconds(10));
    h.clearLog();
    h.kill("a.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess});
    EXPECT_EQ(h.started(), std::vector<std::string>{"a.service"});
    EXPECT_EQ(h.state("prim"), S::Init);
    EXPECT_EQ(h.group("prim").requested, S::Active);
    EXPECT_EQ(h.group("prim").incarnation, 1u) << "a process restart keeps the incarnation";

    EXPECT_EQ(h.run(h.engine->acknowledge("prim", S::Active, 1)), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Active);
}

TEST(Handshake, RequestStillExpiresAfterAMemberRestartedInInit)
{
    Harness h(makeConfig({handshakePrimary("prim", {"a.service"})}));
    h.boot();
    h.advance(seconds(10));
    h.kill("a.service");
    h.clearLog();
    h.advance(minutes(1));
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::OutOfService});
    EXPECT_EQ(h.state("prim"), S::Unavailable);
}

TEST(Handshake, GroupRestartWhileARequestIsPendingAsksForTheNewIncarnation)
{
    Harness h(makeConfig({handshakePrimary("prim", {"a.service"})}));
    h.boot();
    expectRequest(h, "prim", S::Active, 1);
    // Three process restarts and then a group restart, all before any answer.
    for (int i = 0; i < 4; ++i)
        h.kill("a.service");
    ASSERT_EQ(h.steps().back(), Step::RestartGroup);
    ASSERT_EQ(h.group("prim").incarnation, 2u);
    EXPECT_EQ(h.state("prim"), S::Init);
    // The application of incarnation 2 must be asked: incarnation 1 is stale now.
    expectRequest(h, "prim", S::Active, 2);
    EXPECT_EQ(h.engine->acknowledge("prim", S::Active, 1).error, OperatorError::StaleIncarnation);
    EXPECT_EQ(h.run(h.engine->acknowledge("prim", S::Active, 2)), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Active);
}

TEST(Handshake, AnyTransitionClearsThePendingRequest)
{
    Harness h(makeConfig({handshakePrimary("prim", {"prim.service"})}));
    h.boot();
    ASSERT_EQ(h.group("prim").requested, S::Active);
    ASSERT_EQ(h.run(h.engine->offline("prim")), OperatorError::None);
    EXPECT_FALSE(h.group("prim").requested);
    EXPECT_FALSE(h.group("prim").activationDeadline);
    EXPECT_EQ(h.engine->acknowledge("prim", S::Active, 1).error, OperatorError::InvalidState);

    h.clearLog();
    ASSERT_EQ(h.run(h.engine->online("prim")), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Init);
    expectRequest(h, "prim", S::Active, 2);
}

TEST(Handshake, HotPairSwitchesActiveStandbyActiveThroughTheApplication)
{
    Harness h(makeConfig({handshakePrimary("prim", {"prim.service"})}));
    h.boot();
    ASSERT_EQ(h.run(h.engine->acknowledge("prim", S::Active, 1)), OperatorError::None);
    h.clearLog();

    // Active -> standby: asked, not done, until acknowledged.
    EXPECT_EQ(h.run(h.engine->deactivate("prim")), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Active);
    expectRequest(h, "prim", S::Standby, 1);
    EXPECT_TRUE(h.group("prim").activationDeadline) << "the answer has a deadline";
    EXPECT_EQ(h.engine->deactivate("prim").error, OperatorError::InvalidState) << "already asked";
    EXPECT_EQ(h.engine->activate("prim").error, OperatorError::InvalidState) << "it is still active";
    EXPECT_EQ(h.engine->acknowledge("prim", S::Active, 1).error, OperatorError::InvalidState);
    EXPECT_EQ(h.run(h.engine->acknowledge("prim", S::Standby, 1)), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Standby);

    // Standby -> active, the same way.
    EXPECT_EQ(h.run(h.engine->activate("prim")), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Standby);
    expectRequest(h, "prim", S::Active, 1);
    EXPECT_EQ(h.engine->activate("prim").error, OperatorError::InvalidState) << "already asked";
    EXPECT_EQ(h.run(h.engine->acknowledge("prim", S::Active, 1)), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Active);

    EXPECT_EQ(h.statesOf("prim"), (std::vector<S>{S::Standby, S::Active}));
    for (const StateChanged& c : h.actionsOf<StateChanged>())
        EXPECT_EQ(c.incarnation, 1u) << "a switch keeps the processes and their incarnation";
    EXPECT_EQ(h.actionsOf<RequestActivation>().size(), 2u);
    // Hot: the processes ran throughout.
    EXPECT_TRUE(h.started().empty());
    EXPECT_TRUE(h.actionsOf<StopUnit>().empty());
    EXPECT_TRUE(h.running.count("prim.service"));
    EXPECT_FALSE(h.group("prim").activationDeadline);
}

TEST(Handshake, SwitchWithoutAnAnswerInTimeTakesTheGroupOutOfService)
{
    Harness h(alternateConfig());
    bootToStandby(h);
    ASSERT_EQ(h.state("alt"), S::Standby);
    EXPECT_EQ(h.run(h.engine->activate("alt")), OperatorError::None);
    h.advance(seconds(29));
    EXPECT_EQ(h.state("alt"), S::Standby);
    h.advance(seconds(1));
    EXPECT_EQ(h.state("alt"), S::Unavailable);
    EXPECT_TRUE(h.group("alt").held);
    EXPECT_EQ(h.group("alt").lastFault.rfind("no acknowledgement of active", 0), 0u) << h.group("alt").lastFault;
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::OutOfService});
    EXPECT_FALSE(h.running.count("alt.service"));
}

TEST(Handshake, SwitchRequestStillExpiresAfterAMemberRestart)
{
    Harness h(alternateConfig());
    bootToStandby(h);
    ASSERT_EQ(h.state("alt"), S::Standby);
    ASSERT_EQ(h.run(h.engine->activate("alt")), OperatorError::None);
    h.advance(seconds(10));
    h.kill("alt.service");
    ASSERT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess});
    ASSERT_EQ(h.group("alt").requested, S::Active);
    EXPECT_TRUE(h.group("alt").activationDeadline) << "an unanswered request must keep a deadline";
    h.advance(minutes(1));
    EXPECT_EQ(h.state("alt"), S::Unavailable);
    EXPECT_EQ(h.group("alt").lastFault.rfind("no acknowledgement of active", 0), 0u) << h.group("alt").lastFault;
}

TEST(Handshake, AcknowledgedGroupStillWatchesAMemberThatIsRestarting)
{
    Harness h(alternateConfig({"a.service", "b.service"}));
    bootToStandby(h);
    ASSERT_EQ(h.state("alt"), S::Standby);
    ASSERT_EQ(h.run(h.engine->activate("alt")), OperatorError::None);
    h.neverReady.insert("a.service");
    h.kill("a.service");
    ASSERT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess});
    ASSERT_EQ(h.run(h.engine->acknowledge("alt", S::Active, 1)), OperatorError::None);
    ASSERT_EQ(h.state("alt"), S::Active);

    // a.service's restart never finishes: that is a fault of its own.
    h.clearLog();
    h.advance(seconds(30));
    ASSERT_FALSE(h.steps().empty()) << "a restarted process that never became ready went unnoticed";
    EXPECT_EQ(h.escalations().front().reason, "a.service not ready within 30000ms of its restart");
}

TEST(Handshake, ColdAlternateHasNothingToAskAndSettlesInStandby)
{
    Harness h(makeConfig({makePairedGroup("cold", Role::Alternate, StandbyKind::Cold, Handshake::Bus,
                                          {"cold.service"})}));
    h.boot();
    EXPECT_FALSE(h.running.count("cold.service"));
    EXPECT_EQ(h.state("cold"), S::Standby) << "no process runs that could acknowledge";
    EXPECT_TRUE(h.actionsOf<RequestActivation>().empty());
    h.advance(minutes(1));
    EXPECT_EQ(h.state("cold"), S::Standby);
    EXPECT_TRUE(h.steps().empty());
}

TEST(Handshake, ColdStandbyIsStoppedAtOnceAndOnActivationStartedThenAsked)
{
    GroupSpec prim = makePairedGroup("prim", Role::Primary, StandbyKind::Cold, Handshake::Bus, {"prim.service"});
    Harness h(makeConfig({prim}));
    h.boot();
    ASSERT_EQ(h.run(h.engine->acknowledge("prim", S::Active, 1)), OperatorError::None);

    // A cold standby runs nothing: there is no one to ask, it just stops.
    h.clearLog();
    EXPECT_EQ(h.run(h.engine->deactivate("prim")), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Standby);
    EXPECT_TRUE(h.actionsOf<RequestActivation>().empty());
    EXPECT_FALSE(h.running.count("prim.service"));

    // Activation starts the processes first, then asks them.
    h.clearLog();
    EXPECT_EQ(h.run(h.engine->activate("prim")), OperatorError::None);
    EXPECT_EQ(h.started(), std::vector<std::string>{"prim.service"});
    EXPECT_EQ(h.state("prim"), S::Init);
    ASSERT_EQ(h.actionsOf<RequestActivation>().size(), 1u);
    const std::uint64_t incarnation = h.group("prim").incarnation;
    EXPECT_EQ(incarnation, 2u) << "new processes are a new incarnation";
    EXPECT_EQ(h.engine->acknowledge("prim", S::Active, 1).error, OperatorError::StaleIncarnation);
    expectRequest(h, "prim", S::Active, incarnation);
    EXPECT_EQ(h.run(h.engine->acknowledge("prim", S::Active, incarnation)), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Active);
    EXPECT_EQ(h.statesOf("prim"), (std::vector<S>{S::Init, S::Active}));
}
