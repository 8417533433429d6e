// Every changing call reaches the audit trail once, with the caller the bus
// reports and the outcome the caller gets: accepted, refused by pgmd's
// access control, by an argument check, or by the daemon. Reads never do.
// Callers run as other users through dbus-send, so these tests need root.

#include "bus_fixture.hpp"
#include "child_process.hpp"
#include "test_cgroup.hpp"

#include "bus/bus_names.hpp"

#include <gtest/gtest.h>

namespace pgmd::test {
namespace {

constexpr const char* kAlpha = "/org/pgmd1/group/alpha";
constexpr const char* kManager = "/org/pgmd1";
constexpr const char* kDbusSendComm = "dbus-send";

class AuditTest : public BusFixture {
protected:
    AuditTest()
        : BusFixture(TEST_DATA_DIR "/test-bus.conf")
    {
    }

    void SetUp() override
    {
        SKIP_UNLESS_ROOT();
        BusFixture::SetUp();
    }

    // The one call audited since the last one asked for.
    AuditedCall onlyNewCall()
    {
        const std::vector<AuditedCall> calls = source.audit.calls();
        EXPECT_EQ(calls.size(), seen_ + 1) << "one audit record per call";
        seen_ = calls.size();
        return calls.empty() ? AuditedCall{} : calls.back();
    }

    const Identity root{0, 0};
    const Identity stranger{kNobody, kNogroup};

private:
    std::size_t seen_ = 0;
};

void expectCaller(const CallerInfo& caller, uid_t uid)
{
    EXPECT_EQ(caller.uid, uid);
    ASSERT_TRUE(caller.pid.has_value());
    EXPECT_GT(*caller.pid, 0);
    // The bus reports the pid of dbus-send itself; its name is read from it.
    EXPECT_EQ(caller.comm, kDbusSendComm);
}

TEST_F(AuditTest, AnAcceptedRequestIsRecordedWithItsCaller)
{
    ASSERT_EQ(dbusSendAs(root, kAlpha, "org.pgmd1.Group.Offline").exitCode, 0);
    const AuditedCall offline = onlyNewCall();
    EXPECT_EQ(offline.request, (BusRequest{"Offline", "alpha"}));
    EXPECT_TRUE(offline.outcome.accepted());
    expectCaller(offline.caller, 0);

    ASSERT_EQ(dbusSendAs(root, kAlpha, "org.pgmd1.Group.RestartMember", {"string:alpha-db.service"}).exitCode, 0);
    EXPECT_EQ(onlyNewCall().request, (BusRequest{"RestartMember", "alpha", {{"unit", "alpha-db.service"}}}));

    ASSERT_EQ(dbusSendAs(root, kAlpha, "org.pgmd1.Group.Acknowledge", {"string:active", "uint64:4"}).exitCode, 0);
    EXPECT_EQ(onlyNewCall().request,
              (BusRequest{"Acknowledge", "alpha", {{"state", "active"}, {"incarnation", "4"}}}));

    ASSERT_EQ(dbusSendAs(root, kManager, "org.pgmd1.Manager.Reload").exitCode, 0);
    const AuditedCall reload = onlyNewCall();
    EXPECT_EQ(reload.request, (BusRequest{"Reload", ""}));
    EXPECT_TRUE(reload.outcome.accepted());
}

TEST_F(AuditTest, AccessDeniedIsRecordedWithTheStrangersUid)
{
    const ChildResult r = dbusSendAs(stranger, kAlpha, "org.pgmd1.Group.Restart");
    ASSERT_NE(r.exitCode, 0) << r.output;
    const AuditedCall restart = onlyNewCall();
    EXPECT_EQ(restart.request, (BusRequest{"Restart", "alpha"}));
    EXPECT_EQ(restart.outcome.error, busnames::kErrorAccessDenied);
    EXPECT_EQ(restart.outcome.message, "Only root or members of group 'users' may call Restart");
    expectCaller(restart.caller, kNobody);

    ASSERT_NE(dbusSendAs(stranger, kAlpha, "org.pgmd1.Group.ReportFault",
                         {"string:restart-group", "string:", "string:not mine"}).exitCode, 0);
    const AuditedCall fault = onlyNewCall();
    EXPECT_EQ(fault.request,
              (BusRequest{"ReportFault", "alpha", {{"recovery", "restart-group"}, {"unit", ""}, {"reason", "not mine"}}}));
    EXPECT_EQ(fault.outcome.error, busnames::kErrorAccessDenied);
    EXPECT_TRUE(source.calls().empty());
}

TEST_F(AuditTest, ARefusalIsRecordedWithTheErrorTheCallerGets)
{
    source.answerWith({OpError::InvalidState, "Group 'alpha' is held"});
    ChildResult r = dbusSendAs(root, kAlpha, "org.pgmd1.Group.Activate");
    ASSERT_NE(r.exitCode, 0) << r.output;
    EXPECT_EQ(onlyNewCall().outcome, (RequestOutcome{"org.pgmd1.Error.InvalidState", "Group 'alpha' is held"}));

    // Refused by the bus layer's own argument check, before the daemon is asked.
    r = dbusSendAs(root, kAlpha, "org.pgmd1.Group.Acknowledge", {"string:running", "uint64:4"});
    ASSERT_NE(r.exitCode, 0) << r.output;
    EXPECT_EQ(onlyNewCall().outcome.error, "org.pgmd1.Error.InvalidArgument");
}

TEST_F(AuditTest, ReadsAreNotRecorded)
{
    for (const auto& [path, method, args] : std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>{
             {kManager, "org.pgmd1.Manager.ListGroups", {}},
             {kManager, "org.pgmd1.Manager.GetGroup", {"string:alpha"}},
             {kManager, "org.pgmd1.Manager.CheckConfig", {}},
             {kManager, "org.pgmd1.Manager.RegisterInterest", {"string:alpha"}},
             {kAlpha, "org.freedesktop.DBus.Properties.Get", {"string:org.pgmd1.Group", "string:State"}},
         })
        ASSERT_EQ(dbusSendAs(stranger, path, method, args).exitCode, 0) << method;
    EXPECT_TRUE(source.audit.calls().empty());
}

TEST_F(AuditTest, AGroupsOwnProcessIsRecordedWithItsUnit)
{
    TestCgroup cgroup("alpha-db.service");
    if (!cgroup.unavailableBecause().empty())
        GTEST_SKIP() << "cannot place a process in a unit's cgroup: " << cgroup.unavailableBecause();
    const Identity member{kNobody, kNogroup, {}, cgroup.procsFile()};
    const ChildResult r = dbusSendAs(member, kAlpha, "org.pgmd1.Group.Acknowledge", {"string:active", "uint64:4"});
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const AuditedCall ack = onlyNewCall();
    EXPECT_TRUE(ack.outcome.accepted());
    EXPECT_EQ(ack.caller.unit, "alpha-db.service");
    EXPECT_EQ(ack.caller.uid, kNobody);
}

} // namespace
} // namespace pgmd::test
