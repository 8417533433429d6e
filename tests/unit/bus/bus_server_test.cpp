// The bus layer against a real dbus-daemon: what clients see of pgmd.

#include "bus_fixture.hpp"

#include "bus/bus_names.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <tuple>
#include <utility>

namespace pgmd::test {
namespace {

constexpr const char* kManagerIface = "org.pgmd1.Manager";
constexpr const char* kGroupIface = "org.pgmd1.Group";

class BusServerTest : public BusFixture {
protected:
    BusServerTest()
        : BusFixture(TEST_DATA_DIR "/test-bus.conf")
    {
    }
};

// The part of introspection XML describing one member, "" if absent.
std::string memberXml(const std::string& xml, const std::string& kind, const std::string& name)
{
    const std::string open = "<" + kind + " name=\"" + name + "\"";
    const auto begin = xml.find(open);
    if (begin == std::string::npos)
        return {};
    const auto selfClosed = xml.find("/>", begin);
    const auto closed = xml.find("</" + kind + ">", begin);
    const auto nextOpen = xml.find('<', begin + 1);
    // `<property .../>` ends at "/>" before any nested element opens.
    const auto end = (selfClosed != std::string::npos && selfClosed < nextOpen) ? selfClosed : closed;
    return xml.substr(begin, end - begin);
}

std::string interfaceXml(const std::string& xml, const std::string& interface)
{
    const auto begin = xml.find("<interface name=\"" + interface + "\"");
    if (begin == std::string::npos)
        return {};
    return xml.substr(begin, xml.find("</interface>", begin) - begin);
}

struct PropertySpec {
    const char* name;
    const char* type;
    bool isConst;
};

const std::vector<PropertySpec> kManagerProperties{
    {"NodeName", "s", true},
    {"Groups", "ao", false},
    {"Resources", "ao", false},
    {"RebootCount", "u", false},
    {"TotalReboots", "t", false},
    {"RebootBurst", "u", false},
    {"EscalationExhausted", "b", false},
    {"RebootIntervalUSec", "t", false},
    {"HostReinitCount", "u", false},
    {"HostReinitBurst", "u", false},
    {"Version", "s", true},
    {"ConfigDirectory", "s", true},
    {"ConfigLoadedTimestamp", "t", false},
    {"ConfigStale", "b", false},
    {"ConfigStaleReason", "s", false},
};

const std::vector<PropertySpec> kGroupProperties{
    {"Name", "s", true},
    {"Layer", "s", true},
    {"State", "s", false},
    {"Role", "s", false},
    {"Units", "as", true},
    {"Slice", "s", true},
    {"DependsOn", "as", false},
    {"Resources", "as", false},
    {"ProcessRestarts", "u", false},
    {"ProcessRestartBurst", "u", false},
    {"GroupRestarts", "u", false},
    {"GroupRestartBurst", "u", false},
    {"LastFault", "s", false},
    {"Incarnation", "t", false},
    {"Held", "b", false},
    {"HoldReason", "s", false},
    {"Description", "s", false},
    {"Members", "a(sssu)", false},
    {"ProcessRestartIntervalUSec", "t", false},
    {"GroupRestartIntervalUSec", "t", false},
    {"ActivationTimeoutUSec", "t", false},
    {"Handshake", "s", false},
    {"Standby", "s", false},
    {"RequestedState", "s", false},
    {"RequestedIncarnation", "t", false},
    {"StateChangeTimestamp", "t", false},
    {"LastFaultTimestamp", "t", false},
    {"RecentSteps", "a(tss)", false},
    {"WaitingFor", "a(sss)", false},
    {"Redundancy", "s", false},
    {"ClusterNodes", "as", false},
    {"Owners", "as", false},
    {"Lead", "b", false},
    {"Mate", "s", false},
    {"MateState", "s", false},
};

// A method and its arguments as introspection prints them ("type name direction").
struct MethodSpec {
    const char* name;
    std::vector<std::string> args;
};

const std::vector<MethodSpec> kManagerMethods{
    {"ListGroups", {"a(ssssto) groups out"}},
    {"GetGroup", {"s name in", "o group out"}},
    {"ListResources", {"a(ssssuo) resources out"}},
    {"GetResource", {"s name in", "o resource out"}},
    {"GetKey", {"s group in", "s name out", "t incarnation out"}},
    {"RegisterInterest", {"s group in"}},
    {"UnregisterInterest", {"s group in"}},
    {"Reload", {}},
    {"CheckConfig", {"as errors out"}},
    {"ResetFailed", {}},
};

const std::vector<MethodSpec> kGroupMethods{
    {"Offline", {}},
    {"Online", {}},
    {"Restart", {}},
    {"RestartMember", {"s unit in"}},
    {"ResetFailed", {}},
    {"Activate", {}},
    {"Deactivate", {}},
    {"Acknowledge", {"s state in", "t incarnation in"}},
    {"ReportFault", {"s recovery in", "s unit in", "s reason in"}},
};

// A signal and the types of its arguments.
struct SignalSpec {
    const char* name;
    std::vector<std::string> types;
};

const std::vector<SignalSpec> kManagerSignals{
    {"GroupStateChanged", {"s", "s", "s", "s"}},
    {"EscalationStep", {"s", "s", "s"}},
    {"GroupBorn", {"s", "t"}},
    {"GroupDied", {"s", "t", "s"}},
};

const std::vector<SignalSpec> kGroupSignals{
    {"ActivationRequested", {"s", "t"}},
};

void expectProperties(const std::string& iface, const std::vector<PropertySpec>& specs)
{
    for (const PropertySpec& p : specs) {
        const std::string member = memberXml(iface, "property", p.name);
        ASSERT_FALSE(member.empty()) << "property " << p.name << " missing";
        EXPECT_NE(member.find(std::string("type=\"") + p.type + "\""), std::string::npos) << member;
        EXPECT_NE(member.find("access=\"read\""), std::string::npos) << member;
        const bool markedConst = member.find("EmitsChangedSignal\" value=\"const\"") != std::string::npos;
        EXPECT_EQ(markedConst, p.isConst) << member;
    }
}

void expectMethods(const std::string& iface, const std::vector<MethodSpec>& specs)
{
    for (const MethodSpec& m : specs) {
        const std::string member = memberXml(iface, "method", m.name);
        ASSERT_FALSE(member.empty()) << "method " << m.name << " missing";
        EXPECT_EQ(static_cast<std::size_t>(std::count(member.begin(), member.end(), '<')), 1 + m.args.size())
            << member;
        for (const std::string& arg : m.args) {
            const auto space1 = arg.find(' ');
            const auto space2 = arg.rfind(' ');
            const std::string xml = "type=\"" + arg.substr(0, space1) + "\" name=\"" +
                                    arg.substr(space1 + 1, space2 - space1 - 1) + "\" direction=\"" +
                                    arg.substr(space2 + 1) + "\"";
            EXPECT_NE(member.find(xml), std::string::npos) << m.name << " lacks " << arg << ": " << member;
        }
    }
}

void expectSignals(const std::string& iface, const std::vector<SignalSpec>& specs)
{
    for (const SignalSpec& sig : specs) {
        const std::string member = memberXml(iface, "signal", sig.name);
        ASSERT_FALSE(member.empty()) << "signal " << sig.name << " missing";
        std::vector<std::string> types;
        for (auto at = member.find("type=\""); at != std::string::npos; at = member.find("type=\"", at + 1))
            types.push_back(member.substr(at + 6, member.find('"', at + 6) - at - 6));
        EXPECT_EQ(types, sig.types) << member;
    }
}

TEST_F(BusServerTest, ManagerIntrospectionHasEveryMember)
{
    const std::string iface = interfaceXml(manager->Introspect(), kManagerIface);
    ASSERT_FALSE(iface.empty());
    expectProperties(iface, kManagerProperties);
    expectMethods(iface, kManagerMethods);
    expectSignals(iface, kManagerSignals);
}

TEST_F(BusServerTest, GroupIntrospectionHasEveryMember)
{
    const std::string iface = interfaceXml(groupClient("alpha")->Introspect(), kGroupIface);
    ASSERT_FALSE(iface.empty());
    expectProperties(iface, kGroupProperties);
    expectMethods(iface, kGroupMethods);
    expectSignals(iface, kGroupSignals);
}

TEST_F(BusServerTest, ManagerIntrospectionListsGroupNodes)
{
    const std::string xml = manager->Introspect();
    EXPECT_NE(xml.find("<node name=\"group\""), std::string::npos) << xml;
}

TEST_F(BusServerTest, ManagerPropertiesReadFromTheSource)
{
    EXPECT_EQ(manager->NodeName(), "node-a");
    EXPECT_EQ(manager->Groups(), (std::vector<sdbus::ObjectPath>{sdbus::ObjectPath("/org/pgmd1/group/alpha"),
                                                                 sdbus::ObjectPath("/org/pgmd1/group/web_2dfront_2ev2")}));
    EXPECT_EQ(manager->RebootCount(), 1u);
    EXPECT_EQ(manager->TotalReboots(), 9u);
    EXPECT_EQ(manager->RebootBurst(), 2u);
    EXPECT_FALSE(manager->EscalationExhausted());
    EXPECT_EQ(manager->RebootIntervalUSec(), 3'600'000'000u);
    EXPECT_EQ(manager->HostReinitCount(), 1u);
    EXPECT_EQ(manager->HostReinitBurst(), 3u);
    EXPECT_EQ(manager->Version(), "0.3.0");
    EXPECT_EQ(manager->ConfigDirectory(), "/etc/pgmd");
    EXPECT_EQ(manager->ConfigLoadedTimestamp(), 1'699'999'000'000'000u);

    auto all = manager->GetAll(kManagerIface);
    EXPECT_EQ(all.size(), kManagerProperties.size());
    EXPECT_EQ(all.at("NodeName").get<std::string>(), "node-a");
    EXPECT_EQ(all.at("Groups").get<std::vector<sdbus::ObjectPath>>().size(), 2u);
    EXPECT_EQ(all.at("RebootCount").get<std::uint32_t>(), 1u);
    EXPECT_EQ(all.at("TotalReboots").get<std::uint64_t>(), 9u);
    EXPECT_EQ(all.at("RebootBurst").get<std::uint32_t>(), 2u);
    EXPECT_EQ(all.at("EscalationExhausted").get<bool>(), false);
    EXPECT_EQ(all.at("RebootIntervalUSec").get<std::uint64_t>(), 3'600'000'000u);
    EXPECT_EQ(all.at("HostReinitCount").get<std::uint32_t>(), 1u);
    EXPECT_EQ(all.at("HostReinitBurst").get<std::uint32_t>(), 3u);
    EXPECT_EQ(all.at("Version").get<std::string>(), "0.3.0");
    EXPECT_EQ(all.at("ConfigDirectory").get<std::string>(), "/etc/pgmd");
    EXPECT_EQ(all.at("ConfigLoadedTimestamp").get<std::uint64_t>(), 1'699'999'000'000'000u);
}

using MemberRow = sdbus::Struct<std::string, std::string, std::string, std::uint32_t>;
using StepRow = sdbus::Struct<std::uint64_t, std::string, std::string>;

std::vector<MemberRow> memberRows(const GroupInfo& g)
{
    std::vector<MemberRow> rows;
    for (const MemberInfo& m : g.members)
        rows.emplace_back(m.unit, m.activeState, m.subState, m.mainPid);
    return rows;
}

using WaitRow = sdbus::Struct<std::string, std::string, std::string>;

std::vector<WaitRow> waitRows(const GroupInfo& g)
{
    std::vector<WaitRow> rows;
    for (const WaitInfo& w : g.waitingFor)
        rows.emplace_back(w.kind, w.name, w.detail);
    return rows;
}

std::vector<StepRow> stepRows(const GroupInfo& g)
{
    std::vector<StepRow> rows;
    for (const StepInfo& s : g.recentSteps)
        rows.emplace_back(s.timestampUsec, s.step, s.reason);
    return rows;
}

TEST_F(BusServerTest, GroupPropertiesReadFromTheSource)
{
    auto web = groupClient("web-front.v2");
    const GroupInfo want = webGroup();
    EXPECT_EQ(web->Name(), want.name);
    EXPECT_EQ(web->Layer(), want.layer);
    EXPECT_EQ(web->State(), want.state);
    EXPECT_EQ(web->Role(), want.role);
    EXPECT_EQ(web->Units(), want.units);
    EXPECT_EQ(web->Slice(), want.slice);
    EXPECT_EQ(web->DependsOn(), want.dependsOn);
    EXPECT_EQ(web->Resources(), want.resources);
    EXPECT_EQ(web->ProcessRestarts(), want.processRestarts);
    EXPECT_EQ(web->ProcessRestartBurst(), want.processRestartBurst);
    EXPECT_EQ(web->GroupRestarts(), want.groupRestarts);
    EXPECT_EQ(web->GroupRestartBurst(), want.groupRestartBurst);
    EXPECT_EQ(web->LastFault(), want.lastFault);
    EXPECT_EQ(web->Incarnation(), want.incarnation);
    EXPECT_EQ(web->Held(), want.held);
    EXPECT_EQ(web->HoldReason(), want.holdReason);
    EXPECT_EQ(web->Description(), want.description);
    EXPECT_EQ(web->Members(), memberRows(want));
    EXPECT_EQ(web->ProcessRestartIntervalUSec(), want.processRestartIntervalUsec);
    EXPECT_EQ(web->GroupRestartIntervalUSec(), want.groupRestartIntervalUsec);
    EXPECT_EQ(web->ActivationTimeoutUSec(), want.activationTimeoutUsec);
    EXPECT_EQ(web->Handshake(), want.handshake);
    EXPECT_EQ(web->Standby(), want.standby);
    EXPECT_EQ(web->RequestedState(), want.requestedState);
    EXPECT_EQ(web->RequestedIncarnation(), want.requestedIncarnation);
    EXPECT_EQ(web->StateChangeTimestamp(), want.stateChangeTimestampUsec);
    EXPECT_EQ(web->LastFaultTimestamp(), want.lastFaultTimestampUsec);
    EXPECT_EQ(web->RecentSteps(), stepRows(want));
    EXPECT_EQ(web->WaitingFor(), waitRows(want));

    auto all = web->GetAll(kGroupIface);
    EXPECT_EQ(all.size(), kGroupProperties.size());
    EXPECT_EQ(all.at("Name").get<std::string>(), want.name);
    EXPECT_EQ(all.at("Layer").get<std::string>(), want.layer);
    EXPECT_EQ(all.at("State").get<std::string>(), want.state);
    EXPECT_EQ(all.at("Role").get<std::string>(), want.role);
    EXPECT_EQ(all.at("Units").get<std::vector<std::string>>(), want.units);
    EXPECT_EQ(all.at("Slice").get<std::string>(), want.slice);
    EXPECT_EQ(all.at("DependsOn").get<std::vector<std::string>>(), want.dependsOn);
    EXPECT_EQ(all.at("Resources").get<std::vector<std::string>>(), want.resources);
    EXPECT_EQ(all.at("ProcessRestarts").get<std::uint32_t>(), want.processRestarts);
    EXPECT_EQ(all.at("ProcessRestartBurst").get<std::uint32_t>(), want.processRestartBurst);
    EXPECT_EQ(all.at("GroupRestarts").get<std::uint32_t>(), want.groupRestarts);
    EXPECT_EQ(all.at("GroupRestartBurst").get<std::uint32_t>(), want.groupRestartBurst);
    EXPECT_EQ(all.at("LastFault").get<std::string>(), want.lastFault);
    EXPECT_EQ(all.at("Incarnation").get<std::uint64_t>(), want.incarnation);
    EXPECT_EQ(all.at("Held").get<bool>(), want.held);
    EXPECT_EQ(all.at("HoldReason").get<std::string>(), want.holdReason);
    EXPECT_EQ(all.at("Description").get<std::string>(), want.description);
    EXPECT_EQ(all.at("Members").get<std::vector<MemberRow>>(), memberRows(want));
    EXPECT_EQ(all.at("ProcessRestartIntervalUSec").get<std::uint64_t>(), want.processRestartIntervalUsec);
    EXPECT_EQ(all.at("GroupRestartIntervalUSec").get<std::uint64_t>(), want.groupRestartIntervalUsec);
    EXPECT_EQ(all.at("ActivationTimeoutUSec").get<std::uint64_t>(), want.activationTimeoutUsec);
    EXPECT_EQ(all.at("Handshake").get<std::string>(), want.handshake);
    EXPECT_EQ(all.at("Standby").get<std::string>(), want.standby);
    EXPECT_EQ(all.at("RequestedState").get<std::string>(), want.requestedState);
    EXPECT_EQ(all.at("RequestedIncarnation").get<std::uint64_t>(), want.requestedIncarnation);
    EXPECT_EQ(all.at("StateChangeTimestamp").get<std::uint64_t>(), want.stateChangeTimestampUsec);
    EXPECT_EQ(all.at("LastFaultTimestamp").get<std::uint64_t>(), want.lastFaultTimestampUsec);
    EXPECT_EQ(all.at("RecentSteps").get<std::vector<StepRow>>(), stepRows(want));
    EXPECT_EQ(all.at("WaitingFor").get<std::vector<WaitRow>>(), waitRows(want));
}

TEST_F(BusServerTest, EmptyListsAndZeroesArePublishedAsSuch)
{
    // alpha asks nothing: its request properties are "" and 0.
    auto alpha = groupClient("alpha");
    EXPECT_EQ(alpha->RequestedState(), "");
    EXPECT_EQ(alpha->RequestedIncarnation(), 0u);
    EXPECT_EQ(alpha->LastFaultTimestamp(), 0u);
    source.updateGroup("alpha", [](GroupInfo& g) {
        g.members.clear();
        g.recentSteps.clear();
    });
    EXPECT_TRUE(alpha->Members().empty());
    EXPECT_TRUE(alpha->RecentSteps().empty());
    EXPECT_TRUE(alpha->WaitingFor().empty());
}

TEST_F(BusServerTest, PropertiesAreNeverStale)
{
    auto alpha = groupClient("alpha");
    ASSERT_EQ(alpha->State(), "active");
    source.updateGroup("alpha", [](GroupInfo& g) {
        g.state = "unavailable";
        g.held = true;
        g.holdReason = "failed 3 times in 5min";
    });
    EXPECT_EQ(alpha->State(), "unavailable");
    EXPECT_TRUE(alpha->Held());
    EXPECT_EQ(alpha->HoldReason(), "failed 3 times in 5min");
}

TEST_F(BusServerTest, GroupPathsAreEscapedLikeSystemd)
{
    EXPECT_EQ(BusServer::groupPath("alpha"), "/org/pgmd1/group/alpha");
    EXPECT_EQ(BusServer::groupPath("web-front.v2"), "/org/pgmd1/group/web_2dfront_2ev2");
    EXPECT_EQ(BusServer::groupPath(""), "/org/pgmd1/group/_");
}

TEST_F(BusServerTest, ListGroupsInConfigurationOrder)
{
    const auto rows = manager->ListGroups();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].get<0>(), "alpha");
    EXPECT_EQ(rows[0].get<1>(), "platform");
    EXPECT_EQ(rows[0].get<2>(), "active");
    EXPECT_EQ(rows[0].get<3>(), "");
    EXPECT_EQ(rows[0].get<4>(), 4u);
    EXPECT_EQ(rows[0].get<5>(), "/org/pgmd1/group/alpha");
    EXPECT_EQ(rows[1].get<0>(), "web-front.v2");
    EXPECT_EQ(rows[1].get<1>(), "application");
    EXPECT_EQ(rows[1].get<2>(), "standby");
    EXPECT_EQ(rows[1].get<3>(), "web.service exited with status 3");
    EXPECT_EQ(rows[1].get<4>(), 17u);
    EXPECT_EQ(rows[1].get<5>(), "/org/pgmd1/group/web_2dfront_2ev2");
}

TEST_F(BusServerTest, GetGroupReturnsItsPath)
{
    EXPECT_EQ(manager->GetGroup("web-front.v2"), "/org/pgmd1/group/web_2dfront_2ev2");
}

TEST_F(BusServerTest, GetGroupOfUnknownNameIsNoSuchGroup)
{
    try {
        (void)manager->GetGroup("nope");
        FAIL() << "GetGroup succeeded";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.NoSuchGroup");
        EXPECT_NE(e.getMessage().find("nope"), std::string::npos) << e.getMessage();
    }
}

TEST_F(BusServerTest, ObjectManagerListsEveryGroup)
{
    const auto objects = manager->GetManagedObjects();
    ASSERT_EQ(objects.size(), 2u);
    const auto& web = objects.at(sdbus::ObjectPath("/org/pgmd1/group/web_2dfront_2ev2"));
    EXPECT_EQ(web.at(kGroupIface).at("State").get<std::string>(), "standby");
    EXPECT_TRUE(objects.count(sdbus::ObjectPath("/org/pgmd1/group/alpha")));
}

TEST_F(BusServerTest, OperatorMethodsReachTheSource)
{
    SKIP_UNLESS_ROOT();
    auto alpha = groupClient("alpha");
    auto web = groupClient("web-front.v2");
    alpha->Offline();
    alpha->Online();
    web->Restart();
    web->RestartMember("a.service");
    web->ResetFailed();
    web->Activate();
    alpha->Deactivate();
    manager->Reload();
    manager->ResetFailed();
    EXPECT_EQ(source.calls(), (std::vector<OperatorCall>{{"offline", "alpha"},
                                                         {"online", "alpha"},
                                                         {"restart", "web-front.v2"},
                                                         {"restartMember", "web-front.v2", {"a.service"}},
                                                         {"resetFailed", "web-front.v2"},
                                                         {"activate", "web-front.v2"},
                                                         {"deactivate", "alpha"},
                                                         {"reload", ""},
                                                         {"resetFailedAll", ""}}));
}

TEST_F(BusServerTest, AcknowledgeAndReportFaultReachTheSourceWithTheirArguments)
{
    SKIP_UNLESS_ROOT();
    auto web = groupClient("web-front.v2");
    web->Acknowledge("active", 18);
    web->ReportFault("restart-process", "web.service", "queue stuck");
    web->ReportFault("restart-group", "", "lost its peer");
    web->ReportFault("out-of-service", "web.service", "disk full");
    EXPECT_EQ(source.calls(),
              (std::vector<OperatorCall>{{"acknowledge", "web-front.v2", {"active", "18"}},
                                         {"reportFault", "web-front.v2", {"restart-process", "web.service", "queue stuck"}},
                                         {"reportFault", "web-front.v2", {"restart-group", "", "lost its peer"}},
                                         {"reportFault", "web-front.v2", {"out-of-service", "web.service", "disk full"}}}));
}

// Every OpError reaches the caller under its own name, with the source's message.
TEST_F(BusServerTest, EveryRefusalHasItsErrorName)
{
    SKIP_UNLESS_ROOT();
    const std::vector<std::pair<OpError, std::string>> table{
        {OpError::NoSuchGroup, "org.pgmd1.Error.NoSuchGroup"},
        {OpError::InvalidState, "org.pgmd1.Error.InvalidState"},
        {OpError::NotAvailable, "org.pgmd1.Error.NotAvailable"},
        {OpError::StaleIncarnation, "org.pgmd1.Error.StaleIncarnation"},
        {OpError::InvalidArgument, "org.pgmd1.Error.InvalidArgument"},
        {OpError::BadConfig, "org.pgmd1.Error.BadConfig"},
    };
    auto web = groupClient("web-front.v2");
    for (const auto& [error, name] : table) {
        source.answerWith({error, "refused: " + name});
        try {
            web->Acknowledge("active", 18);
            ADD_FAILURE() << name << ": Acknowledge succeeded";
        } catch (const sdbus::Error& e) {
            EXPECT_EQ(e.getName(), name);
            EXPECT_EQ(e.getMessage(), "refused: " + name);
        }
    }
}

TEST_F(BusServerTest, ReloadOfABadConfigurationIsBadConfig)
{
    SKIP_UNLESS_ROOT();
    source.answerWith({OpError::BadConfig, "groups.d/web.group:3: Layer: unknown layer 'apps'"});
    try {
        manager->Reload();
        FAIL() << "Reload succeeded";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.BadConfig");
        EXPECT_EQ(e.getMessage(), "groups.d/web.group:3: Layer: unknown layer 'apps'");
    }
}

TEST_F(BusServerTest, CheckConfigReturnsTheErrors)
{
    EXPECT_TRUE(manager->CheckConfig().empty());
    const std::vector<std::string> errors{"pgmd.conf:2: NodeName: empty", "groups.d/a.group:1: Units: missing"};
    source.setConfigErrors(errors);
    EXPECT_EQ(manager->CheckConfig(), errors);
}

TEST_F(BusServerTest, GetKeyOfARunningGroup)
{
    EXPECT_EQ(manager->GetKey("alpha"), (std::tuple<std::string, std::uint64_t>{"alpha", 4}));
    EXPECT_EQ(manager->GetKey("web-front.v2"), (std::tuple<std::string, std::uint64_t>{"web-front.v2", 17}));
}

TEST_F(BusServerTest, GetKeyOfAGroupNotRunningIsNotAvailable)
{
    for (const char* state : {"unavailable", "init", "offline"}) {
        source.updateGroup("alpha", [&](GroupInfo& g) { g.state = state; });
        try {
            (void)manager->GetKey("alpha");
            ADD_FAILURE() << state << ": GetKey succeeded";
        } catch (const sdbus::Error& e) {
            EXPECT_EQ(e.getName(), "org.pgmd1.Error.NotAvailable") << state;
            EXPECT_NE(e.getMessage().find(state), std::string::npos) << e.getMessage();
        }
    }
}

TEST_F(BusServerTest, GetKeyOfAPairedGroupAnswersForThePair)
{
    // Active here: this half's own key, whatever the cluster heard so far.
    source.updateGroup("alpha", [](GroupInfo& g) { g.state = "active"; });
    source.setPairKey("alpha", {true, "", 0});
    EXPECT_EQ(manager->GetKey("alpha"), (std::tuple<std::string, std::uint64_t>{"alpha", 4}));
    // Standby here, active on n1: the active half's incarnation, not the standby's.
    source.updateGroup("alpha", [](GroupInfo& g) { g.state = "standby"; });
    source.setPairKey("alpha", {true, "n1", 9});
    EXPECT_EQ(manager->GetKey("alpha"), (std::tuple<std::string, std::uint64_t>{"alpha", 9}));
    // Not running here either: still the pair's key.
    source.updateGroup("alpha", [](GroupInfo& g) { g.state = "unavailable"; });
    EXPECT_EQ(manager->GetKey("alpha"), (std::tuple<std::string, std::uint64_t>{"alpha", 9}));
    // No half active anywhere: NotAvailable, even for a standby here.
    source.updateGroup("alpha", [](GroupInfo& g) { g.state = "standby"; });
    source.setPairKey("alpha", {true, "", 0});
    try {
        (void)manager->GetKey("alpha");
        FAIL() << "GetKey succeeded";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.NotAvailable");
        EXPECT_NE(e.getMessage().find("no active half"), std::string::npos) << e.getMessage();
    }
}

TEST_F(BusServerTest, GetKeyOfAnUnknownGroupIsNoSuchGroup)
{
    try {
        (void)manager->GetKey("nope");
        FAIL() << "GetKey succeeded";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.NoSuchGroup");
        EXPECT_NE(e.getMessage().find("nope"), std::string::npos) << e.getMessage();
    }
}

TEST_F(BusServerTest, ActivationRequestedIsSignalledOnTheGroupObject)
{
    auto web = groupClient("web-front.v2");
    auto alpha = groupClient("alpha");
    server->emitActivationRequested("web-front.v2", "active", 18);
    server->emitActivationRequested("nope", "active", 1);  // no object: ignored
    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return !web->activationRequests.empty(); }));
    EXPECT_EQ(web->activationRequests, (std::vector<ActivationSignal>{{"active", 18}}));
    EXPECT_TRUE(alpha->activationRequests.empty());
}

TEST_F(BusServerTest, InvalidStateIsReportedByName)
{
    SKIP_UNLESS_ROOT();
    source.answerWith({OpError::InvalidState, "group alpha is active; Online is allowed only when offline or held"});
    try {
        groupClient("alpha")->Online();
        FAIL() << "Online succeeded";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.InvalidState");
        EXPECT_EQ(e.getMessage(), "group alpha is active; Online is allowed only when offline or held");
    }
}

TEST_F(BusServerTest, NoSuchGroupFromTheSourceIsReportedByName)
{
    SKIP_UNLESS_ROOT();
    source.answerWith({OpError::NoSuchGroup, "alpha was removed"});
    try {
        groupClient("alpha")->Restart();
        FAIL() << "Restart succeeded";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.NoSuchGroup");
        EXPECT_EQ(e.getMessage(), "alpha was removed");
    }
}

TEST_F(BusServerTest, GroupChangedSendsTheNewValues)
{
    auto alpha = groupClient("alpha");
    source.updateGroup("alpha", [](GroupInfo& g) {
        g.state = "unavailable";
        g.incarnation = 5;
        g.lastFault = "alpha-db.service failed";
        g.processRestarts = 3;
        g.waitingFor = {{"resource", "spool", "failing: /var/spool/alpha missing"}};
    });
    server->groupChanged("alpha");

    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return !alpha->propertyChanges.empty(); }));
    const PropertiesChangedSignal& s = alpha->propertyChanges.front();
    EXPECT_EQ(s.interface, kGroupIface);
    EXPECT_TRUE(s.invalidated.empty());
    for (const PropertySpec& p : kGroupProperties)
        EXPECT_EQ(s.changed.count(p.name), p.isConst ? 0u : 1u) << p.name;
    EXPECT_EQ(s.changed.at("State").get<std::string>(), "unavailable");
    EXPECT_EQ(s.changed.at("Incarnation").get<std::uint64_t>(), 5u);
    EXPECT_EQ(s.changed.at("LastFault").get<std::string>(), "alpha-db.service failed");
    EXPECT_EQ(s.changed.at("ProcessRestarts").get<std::uint32_t>(), 3u);
    EXPECT_EQ(s.changed.at("WaitingFor").get<std::vector<WaitRow>>(),
              std::vector<WaitRow>{WaitRow("resource", "spool", "failing: /var/spool/alpha missing")});
}

TEST_F(BusServerTest, GroupChangedOnlyConcernsThatGroup)
{
    auto alpha = groupClient("alpha");
    auto web = groupClient("web-front.v2");
    server->groupChanged("web-front.v2");
    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return !web->propertyChanges.empty(); }));
    EXPECT_TRUE(alpha->propertyChanges.empty());
}

TEST_F(BusServerTest, GroupChangedForAnUnknownNameDoesNothing)
{
    EXPECT_NO_THROW(server->groupChanged("nope"));
}

TEST_F(BusServerTest, ManagerChangedSendsTheNewValues)
{
    ManagerInfo m = managerInfo();
    m.rebootCount = 2;
    m.totalReboots = 10;
    m.escalationExhausted = true;
    m.configStale = true;
    m.configStaleReason = "1 configuration error in /etc/pgmd:\n/etc/pgmd/pgmd.conf:3: Bogus: unknown key";
    source.setManager(m);
    server->managerChanged();

    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return !manager->propertyChanges.empty(); }));
    const PropertiesChangedSignal& s = manager->propertyChanges.front();
    EXPECT_EQ(s.interface, kManagerIface);
    for (const PropertySpec& p : kManagerProperties)
        EXPECT_EQ(s.changed.count(p.name), p.isConst ? 0u : 1u) << p.name;
    EXPECT_EQ(s.changed.at("RebootCount").get<std::uint32_t>(), 2u);
    EXPECT_EQ(s.changed.at("TotalReboots").get<std::uint64_t>(), 10u);
    EXPECT_EQ(s.changed.at("EscalationExhausted").get<bool>(), true);
    EXPECT_EQ(s.changed.at("ConfigStale").get<bool>(), true);
    EXPECT_EQ(s.changed.at("ConfigStaleReason").get<std::string>(), m.configStaleReason);
}

TEST_F(BusServerTest, GroupStateChangedSignalCarriesItsArguments)
{
    server->emitGroupStateChanged("alpha", "active", "unavailable", "alpha-db.service failed");
    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return !manager->stateChanges.empty(); }));
    EXPECT_EQ(manager->stateChanges,
              (std::vector<StateChangedSignal>{{"alpha", "active", "unavailable", "alpha-db.service failed"}}));
}

TEST_F(BusServerTest, EscalationStepSignalCarriesItsArguments)
{
    server->emitEscalationStep("alpha", "restart-group", "3 process restarts in 5min");
    server->emitEscalationStep("", "reboot", "platform group alpha failed");
    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return manager->escalations.size() >= 2; }));
    EXPECT_EQ(manager->escalations,
              (std::vector<EscalationSignal>{{"alpha", "restart-group", "3 process restarts in 5min"},
                                             {"", "reboot", "platform group alpha failed"}}));
}

} // namespace
} // namespace pgmd::test
