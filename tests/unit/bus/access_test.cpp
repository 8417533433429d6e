// Who may call what, as pgmd itself decides it (the test bus lets everyone
// through): operators are root and members of the admin group; a group's own
// processes may also acknowledge and report faults. Callers run as other
// users through dbus-send, so these tests need root.

#include "bus_fixture.hpp"
#include "child_process.hpp"
#include "test_cgroup.hpp"

#include <grp.h>
#include <gtest/gtest.h>
#include <optional>

namespace pgmd::test {
namespace {

constexpr const char* kAlpha = "/org/pgmd1/group/alpha";
constexpr const char* kWeb = "/org/pgmd1/group/web_2dfront_2ev2";
constexpr const char* kManager = "/org/pgmd1";

struct Call {
    std::string path, method;
    std::vector<std::string> args{};
};

const std::vector<Call> kOperatorCalls{
    {kAlpha, "org.pgmd1.Group.Offline"},      {kAlpha, "org.pgmd1.Group.Online"},
    {kAlpha, "org.pgmd1.Group.Restart"},      {kAlpha, "org.pgmd1.Group.ResetFailed"},
    {kAlpha, "org.pgmd1.Group.Activate"},     {kAlpha, "org.pgmd1.Group.Deactivate"},
    {kManager, "org.pgmd1.Manager.Reload"},   {kManager, "org.pgmd1.Manager.ResetFailed"},
    {kAlpha, "org.pgmd1.Group.RestartMember", {"string:a.service"}},
};

const std::vector<OperatorCall> kOperatorCallsReceived{
    {"offline", "alpha"},  {"online", "alpha"},     {"restart", "alpha"}, {"resetFailed", "alpha"},
    {"activate", "alpha"}, {"deactivate", "alpha"}, {"reload", ""},       {"resetFailedAll", ""},
    {"restartMember", "alpha", {"a.service"}},
};

std::string methodName(const std::string& qualified)
{
    return qualified.substr(qualified.rfind('.') + 1);
}

std::optional<gid_t> adminGid()
{
    const group* g = getgrnam(kAdminGroup);
    return g != nullptr ? std::optional<gid_t>(g->gr_gid) : std::nullopt;
}

class AccessTest : public BusFixture {
protected:
    AccessTest()
        : BusFixture(TEST_DATA_DIR "/test-bus.conf")
    {
    }

    void SetUp() override
    {
        SKIP_UNLESS_ROOT();
        const std::optional<gid_t> gid = adminGid();
        if (!gid)
            GTEST_SKIP() << "no group '" << kAdminGroup << "' on this system to stand in for pgmd-admin";
        admin = *gid;
        BusFixture::SetUp();
    }

    ChildResult callAs(const Identity& who, const Call& call)
    {
        return dbusSendAs(who, call.path, call.method, call.args);
    }

    gid_t admin = 0;
    // nobody, in no group pgmd knows.
    const Identity stranger{kNobody, kNogroup};
};

void expectDenied(const ChildResult& r, const std::string& who, const std::string& what)
{
    EXPECT_NE(r.exitCode, 0) << what << ": " << r.output;
    EXPECT_NE(r.output.find("org.freedesktop.DBus.Error.AccessDenied"), std::string::npos) << what << ": " << r.output;
    EXPECT_NE(r.output.find(who), std::string::npos) << what << ": the refusal must say who may call: " << r.output;
}

TEST_F(AccessTest, AStrangerMayNotActAndNothingChanges)
{
    for (const Call& call : kOperatorCalls)
        expectDenied(callAs(stranger, call),
                     "Only root or members of group 'users' may call " + methodName(call.method), call.method);
    EXPECT_TRUE(source.calls().empty());
}

TEST_F(AccessTest, AStrangerMayNotAcknowledgeOrReportFaults)
{
    const std::string who = "Only root, members of group 'users' or processes of group 'alpha' may call ";
    expectDenied(callAs(stranger, {kAlpha, "org.pgmd1.Group.Acknowledge", {"string:active", "uint64:4"}}),
                 who + "Acknowledge", "Acknowledge");
    expectDenied(callAs(stranger, {kAlpha, "org.pgmd1.Group.ReportFault",
                                   {"string:restart-group", "string:", "string:stuck"}}),
                 who + "ReportFault", "ReportFault");
    EXPECT_TRUE(source.calls().empty());
}

TEST_F(AccessTest, AStrangerMayRead)
{
    for (const Call& call : std::vector<Call>{
             {kAlpha, "org.freedesktop.DBus.Properties.Get", {"string:org.pgmd1.Group", "string:State"}},
             {kAlpha, "org.freedesktop.DBus.Properties.GetAll", {"string:org.pgmd1.Group"}},
             {kManager, "org.pgmd1.Manager.ListGroups"},
             {kManager, "org.pgmd1.Manager.GetGroup", {"string:alpha"}},
             {kManager, "org.pgmd1.Manager.GetKey", {"string:alpha"}},
             {kManager, "org.pgmd1.Manager.CheckConfig"},
             {kManager, "org.pgmd1.Manager.RegisterInterest", {"string:alpha"}},
             {kManager, "org.pgmd1.Manager.UnregisterInterest", {"string:alpha"}},
             {kManager, "org.freedesktop.DBus.ObjectManager.GetManagedObjects"},
         }) {
        const ChildResult r = callAs(stranger, call);
        EXPECT_EQ(r.exitCode, 0) << call.method << ": " << r.output;
    }
}

TEST_F(AccessTest, AMemberOfTheAdminGroupMayAct)
{
    // The admin group as a supplementary group, as a login session has it.
    const Identity operatorUser{kNobody, kNogroup, {admin}};
    for (const Call& call : kOperatorCalls) {
        const ChildResult r = callAs(operatorUser, call);
        EXPECT_EQ(r.exitCode, 0) << call.method << ": " << r.output;
    }
    EXPECT_EQ(source.calls(), kOperatorCallsReceived);
}

TEST_F(AccessTest, TheAdminGroupAsPrimaryGroupCounts)
{
    const ChildResult r = callAs(Identity{kNobody, admin}, {kAlpha, "org.pgmd1.Group.Restart"});
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(source.calls(), (std::vector<OperatorCall>{{"restart", "alpha"}}));
}

TEST_F(AccessTest, AnOperatorOutsideTheGroupMustNameTheUnitToRestart)
{
    const Identity operatorUser{kNobody, kNogroup, {admin}};
    ChildResult r = callAs(operatorUser, {kAlpha, "org.pgmd1.Group.ReportFault",
                                          {"string:restart-process", "string:", "string:stuck"}});
    EXPECT_NE(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("org.pgmd1.Error.InvalidArgument"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Name the unit to restart"), std::string::npos) << r.output;
    EXPECT_TRUE(source.calls().empty());

    r = callAs(operatorUser, {kAlpha, "org.pgmd1.Group.ReportFault",
                              {"string:restart-process", "string:alpha-db.service", "string:stuck"}});
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(source.calls(), (std::vector<OperatorCall>{
                                  {"reportFault", "alpha", {"restart-process", "alpha-db.service", "stuck"}}}));
}

TEST_F(AccessTest, BadArgumentsAreRefusedByNameWithTheAllowedValues)
{
    struct Case {
        Call call;
        std::vector<std::string> mentions;
    };
    const std::vector<Case> cases{
        {{kAlpha, "org.pgmd1.Group.Acknowledge", {"string:running", "uint64:4"}}, {"'running'", "active, standby"}},
        {{kAlpha, "org.pgmd1.Group.ReportFault", {"string:reboot", "string:", "string:x"}},
         {"'reboot'", "restart-process, restart-group, out-of-service"}},
        {{kAlpha, "org.pgmd1.Group.ReportFault", {"string:restart-process", "string:web.service", "string:x"}},
         {"'web.service'", "alpha-db.service, alpha-cache.service"}},
        {{kAlpha, "org.pgmd1.Group.ReportFault", {"string:out-of-service", "string:other.service", "string:x"}},
         {"'other.service'"}},
    };
    for (const Case& c : cases) {
        const ChildResult r = callAs(Identity{0, 0}, c.call);
        EXPECT_NE(r.exitCode, 0) << r.output;
        EXPECT_NE(r.output.find("org.pgmd1.Error.InvalidArgument"), std::string::npos) << r.output;
        for (const std::string& m : c.mentions)
            EXPECT_NE(r.output.find(m), std::string::npos) << "missing " << m << ": " << r.output;
    }
    EXPECT_TRUE(source.calls().empty());
}

// A process of the group, found through its cgroup: placed by the test in a
// cgroup shaped like alpha-db.service's.
class GroupProcessTest : public AccessTest {
protected:
    void SetUp() override
    {
        AccessTest::SetUp();
        if (IsSkipped())
            return;
        if (!cgroup.unavailableBecause().empty())
            GTEST_SKIP() << "cannot place a process in a unit's cgroup: " << cgroup.unavailableBecause();
        member = Identity{kNobody, kNogroup, {}, cgroup.procsFile()};
    }

    TestCgroup cgroup{"alpha-db.service"};
    Identity member;
};

TEST_F(GroupProcessTest, MayAcknowledgeAndReportFaults)
{
    ChildResult r = callAs(member, {kAlpha, "org.pgmd1.Group.Acknowledge", {"string:standby", "uint64:4"}});
    EXPECT_EQ(r.exitCode, 0) << r.output;
    // "" names the caller's own unit.
    r = callAs(member, {kAlpha, "org.pgmd1.Group.ReportFault", {"string:restart-process", "string:", "string:stuck"}});
    EXPECT_EQ(r.exitCode, 0) << r.output;
    r = callAs(member, {kAlpha, "org.pgmd1.Group.ReportFault",
                        {"string:restart-process", "string:alpha-cache.service", "string:stale"}});
    EXPECT_EQ(r.exitCode, 0) << r.output;
    r = callAs(member, {kAlpha, "org.pgmd1.Group.ReportFault", {"string:out-of-service", "string:", "string:bad"}});
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(source.calls(),
              (std::vector<OperatorCall>{
                  {"acknowledge", "alpha", {"standby", "4"}},
                  {"reportFault", "alpha", {"restart-process", "alpha-db.service", "stuck"}},
                  {"reportFault", "alpha", {"restart-process", "alpha-cache.service", "stale"}},
                  {"reportFault", "alpha", {"out-of-service", "", "bad"}},
              }));
}

TEST_F(GroupProcessTest, MayNotActOnAnotherGroupNorAsAnOperator)
{
    expectDenied(callAs(member, {kWeb, "org.pgmd1.Group.Acknowledge", {"string:active", "uint64:18"}}),
                 "processes of group 'web-front.v2'", "Acknowledge on web-front.v2");
    for (const Call& call : kOperatorCalls)
        expectDenied(callAs(member, call), "Only root or members of group 'users'", call.method);
    EXPECT_TRUE(source.calls().empty());
}

} // namespace
} // namespace pgmd::test
