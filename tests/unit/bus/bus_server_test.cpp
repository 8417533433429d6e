// The bus layer against a real dbus-daemon: what clients see of pgmd.

#include "bus_fixture.hpp"
#include "child_process.hpp"

#include "bus/bus_names.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <unistd.h>

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
    {"NodeName", "s", true},        {"Groups", "ao", false},     {"RebootCount", "u", false},
    {"TotalReboots", "t", false},   {"RebootBurst", "u", false}, {"EscalationExhausted", "b", false},
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

TEST_F(BusServerTest, ManagerIntrospectionHasEveryMember)
{
    const std::string iface = interfaceXml(manager->Introspect(), kManagerIface);
    ASSERT_FALSE(iface.empty());
    expectProperties(iface, kManagerProperties);

    const std::string list = memberXml(iface, "method", "ListGroups");
    EXPECT_NE(list.find("type=\"a(ssssto)\" name=\"groups\" direction=\"out\""), std::string::npos) << list;
    const std::string get = memberXml(iface, "method", "GetGroup");
    EXPECT_NE(get.find("type=\"s\" name=\"name\" direction=\"in\""), std::string::npos) << get;
    EXPECT_NE(get.find("type=\"o\" name=\"group\" direction=\"out\""), std::string::npos) << get;

    const std::string stateChanged = memberXml(iface, "signal", "GroupStateChanged");
    EXPECT_EQ(std::count_if(stateChanged.begin(), stateChanged.end(), [](char c) { return c == '<'; }), 5)
        << stateChanged;  // the signal and its four arguments
    const std::string escalation = memberXml(iface, "signal", "EscalationStep");
    EXPECT_EQ(std::count_if(escalation.begin(), escalation.end(), [](char c) { return c == '<'; }), 4)
        << escalation;
}

TEST_F(BusServerTest, GroupIntrospectionHasEveryMember)
{
    const std::string iface = interfaceXml(groupClient("alpha")->Introspect(), kGroupIface);
    ASSERT_FALSE(iface.empty());
    expectProperties(iface, kGroupProperties);
    for (const char* method : {"Offline", "Online", "Restart"})
        EXPECT_FALSE(memberXml(iface, "method", method).empty()) << method;
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

    auto all = manager->GetAll(kManagerIface);
    EXPECT_EQ(all.size(), kManagerProperties.size());
    EXPECT_EQ(all.at("NodeName").get<std::string>(), "node-a");
    EXPECT_EQ(all.at("Groups").get<std::vector<sdbus::ObjectPath>>().size(), 2u);
    EXPECT_EQ(all.at("RebootCount").get<std::uint32_t>(), 1u);
    EXPECT_EQ(all.at("TotalReboots").get<std::uint64_t>(), 9u);
    EXPECT_EQ(all.at("RebootBurst").get<std::uint32_t>(), 2u);
    EXPECT_EQ(all.at("EscalationExhausted").get<bool>(), false);
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
    EXPECT_EQ(source.calls(), (std::vector<OperatorCall>{
                                  {"offline", "alpha"}, {"online", "alpha"}, {"restart", "web-front.v2"}}));
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

TEST_F(BusServerTest, NonRootCallerIsDeniedAndNothingChanges)
{
    SKIP_UNLESS_ROOT();
    for (const char* method : {"Offline", "Online", "Restart"}) {
        const ChildResult r = dbusSendAs(kNobody, kNogroup, "/org/pgmd1/group/alpha",
                                         std::string("org.pgmd1.Group.") + method);
        EXPECT_NE(r.exitCode, 0) << method << ": " << r.output;
        EXPECT_NE(r.output.find("org.freedesktop.DBus.Error.AccessDenied"), std::string::npos)
            << method << ": " << r.output;
    }
    EXPECT_TRUE(source.calls().empty());
}

TEST_F(BusServerTest, NonRootCallerMayRead)
{
    SKIP_UNLESS_ROOT();
    // The counterpart of the denial test: nobody does reach pgmd.
    const ChildResult r = dbusSendAs(kNobody, kNogroup, "/org/pgmd1/group/alpha",
                                     "org.freedesktop.DBus.Properties.Get", {"string:org.pgmd1.Group", "string:State"});
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("\"active\""), std::string::npos) << r.output;
}

} // namespace
} // namespace pgmd::test
