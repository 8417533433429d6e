// The bus policy file: it parses, and on a bus with the system bus's default
// policy it lets everyone read, register interest and reach pgmd with
// Acknowledge and ReportFault, and only root and pgmd-admin act.

#include "bus_fixture.hpp"
#include "child_process.hpp"

#include <filesystem>
#include <fstream>
#include <grp.h>
#include <gtest/gtest.h>
#include <iterator>
#include <stdexcept>
#include <unistd.h>

namespace pgmd::test {
namespace {

constexpr const char* kAlpha = "/org/pgmd1/group/alpha";
constexpr const char* kManager = "/org/pgmd1";
constexpr const char* kSpool = "/org/pgmd1/resource/spool";

struct Call {
    std::string path, method;
    std::vector<std::string> args{};
};

const std::vector<Call> kReads{
    {kAlpha, "org.freedesktop.DBus.Introspectable.Introspect"},
    {kAlpha, "org.freedesktop.DBus.Peer.Ping"},
    {kAlpha, "org.freedesktop.DBus.Properties.Get", {"string:org.pgmd1.Group", "string:State"}},
    {kAlpha, "org.freedesktop.DBus.Properties.GetAll", {"string:org.pgmd1.Group"}},
    {kManager, "org.pgmd1.Manager.ListGroups"},
    {kManager, "org.pgmd1.Manager.GetGroup", {"string:alpha"}},
    {kManager, "org.pgmd1.Manager.ListResources"},
    {kManager, "org.pgmd1.Manager.GetResource", {"string:spool"}},
    {kSpool, "org.freedesktop.DBus.Properties.Get", {"string:org.pgmd1.Resource", "string:State"}},
    {kSpool, "org.freedesktop.DBus.Properties.GetAll", {"string:org.pgmd1.Resource"}},
    {kManager, "org.pgmd1.Manager.GetKey", {"string:alpha"}},
    {kManager, "org.pgmd1.Manager.CheckConfig"},
    {kManager, "org.pgmd1.Manager.RegisterInterest", {"string:alpha"}},
    {kManager, "org.pgmd1.Manager.UnregisterInterest", {"string:alpha"}},
    {kManager, "org.freedesktop.DBus.ObjectManager.GetManagedObjects"},
};

const std::vector<Call> kOperatorCalls{
    {kAlpha, "org.pgmd1.Group.Offline"},    {kAlpha, "org.pgmd1.Group.Online"},
    {kAlpha, "org.pgmd1.Group.Restart"},    {kAlpha, "org.pgmd1.Group.ResetFailed"},
    {kAlpha, "org.pgmd1.Group.Activate"},   {kAlpha, "org.pgmd1.Group.Deactivate"},
    {kManager, "org.pgmd1.Manager.Reload"}, {kManager, "org.pgmd1.Manager.ResetFailed"},
    {kAlpha, "org.pgmd1.Group.RestartMember", {"string:a.service"}},
};

// Operator calls on objects this fixture does not serve (no [Cluster]): the
// bus refuses them before they could reach pgmd.
const std::vector<Call> kOperatorCallsElsewhere{
    {"/org/pgmd1/cluster", "org.pgmd1.Cluster.Switchover", {"string:alpha", "string:"}},
};

// Let through by the bus; pgmd decides (a process of the group, or an operator).
const std::vector<Call> kGroupProcessCalls{
    {kAlpha, "org.pgmd1.Group.Acknowledge", {"string:active", "uint64:4"}},
    {kAlpha, "org.pgmd1.Group.ReportFault", {"string:restart-group", "string:", "string:stuck"}},
};

TEST(PolicyFile, IsWellFormedXml)
{
    for (const char* file : {"org.pgmd1.conf", "org.pgmd1.Manager.xml", "org.pgmd1.Group.xml", "org.pgmd1.Resource.xml",
                             "org.pgmd1.Cluster.xml"}) {
        const ChildResult r = run({XMLLINT_PATH, "--noout", "--nonet", std::string(DBUS_DIR) + "/" + file});
        EXPECT_EQ(r.exitCode, 0) << file << ": " << r.output;
    }
}

bool refusedByTheBus(const ChildResult& r)
{
    return r.exitCode != 0 && r.output.find("org.freedesktop.DBus.Error.AccessDenied") != std::string::npos &&
           r.output.find("Rejected send message") != std::string::npos;
}

// The fixture's bus includes dbus/org.pgmd1.conf; dbus-daemon refuses to
// start if that file does not parse, so every test here also checks that.
class PolicyTest : public BusFixture {
protected:
    PolicyTest()
        : BusFixture(TEST_DATA_DIR "/policy-bus.conf")
    {
    }

    explicit PolicyTest(const std::string& busConfig)
        : BusFixture(busConfig)
    {
    }

    void SetUp() override
    {
        SKIP_UNLESS_ROOT();
        source.addResource(ResourceInfo{.name = "spool", .kind = "path", .state = "ok"});
        // Also shows root may own org.pgmd1: SetUp requests it.
        BusFixture::SetUp();
    }

    ChildResult asNobody(const Call& call) { return dbusSendAs(kNobody, kNogroup, call.path, call.method, call.args); }
};

TEST_F(PolicyTest, EveryoneMayRead)
{
    for (const Call& call : kReads) {
        const ChildResult r = asNobody(call);
        EXPECT_EQ(r.exitCode, 0) << call.method << ": " << r.output;
    }
}

TEST_F(PolicyTest, OnlyOperatorsMayAct)
{
    for (const auto* calls : {&kOperatorCalls, &kOperatorCallsElsewhere})
        for (const Call& call : *calls) {
            const ChildResult r = asNobody(call);
            EXPECT_TRUE(refusedByTheBus(r)) << call.method << ": the bus, not pgmd, must refuse: " << r.output;
        }
    EXPECT_TRUE(source.calls().empty());

    groupClient("alpha")->Restart();
    EXPECT_EQ(source.calls(), (std::vector<OperatorCall>{{"restart", "alpha"}}));
}

TEST_F(PolicyTest, AcknowledgeAndReportFaultReachPgmd)
{
    for (const Call& call : kGroupProcessCalls) {
        const ChildResult r = asNobody(call);
        EXPECT_FALSE(refusedByTheBus(r)) << call.method << ": " << r.output;
        // nobody is no process of alpha: pgmd refuses, and says so.
        EXPECT_NE(r.output.find("processes of group 'alpha'"), std::string::npos) << call.method << ": " << r.output;
    }
    EXPECT_TRUE(source.calls().empty());
}

TEST_F(PolicyTest, NobodyMaySetProperties)
{
    const ChildResult r = asNobody({kAlpha, "org.freedesktop.DBus.Properties.Set",
                                    {"string:org.pgmd1.Group", "string:State", "variant:string:active"}});
    EXPECT_TRUE(refusedByTheBus(r)) << r.output;
}

TEST_F(PolicyTest, OnlyRootMayOwnTheName)
{
    // 4: DBUS_NAME_FLAG_DO_NOT_QUEUE, so a refusal is an error, not a queue place.
    const ChildResult r = runAs(kNobody, kNogroup,
                                {DBUS_SEND_PATH, "--bus=" + bus.address(), "--print-reply",
                                 "--type=method_call", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                                 "org.freedesktop.DBus.RequestName", "string:org.pgmd1", "uint32:4"});
    EXPECT_NE(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("org.freedesktop.DBus.Error.AccessDenied"), std::string::npos) << r.output;
}

// The installed policy with its admin group renamed to one that exists here,
// so that the pgmd-admin block is exercised without creating a group on the
// host: written with a bus configuration that includes it.
class RenamedAdminPolicy {
public:
    RenamedAdminPolicy()
    {
        char dir[] = "/tmp/pgmd-policy-test-XXXXXX";
        if (mkdtemp(dir) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        dir_ = dir;
        std::string policy = readFile(std::string(DBUS_DIR) + "/org.pgmd1.conf");
        replaceOnce(policy, "group=\"pgmd-admin\"", std::string("group=\"") + kAdminGroup + "\"");
        writeFile(dir_ + "/org.pgmd1.conf", policy);
        std::string bus = readFile(TEST_DATA_DIR "/policy-bus.conf");
        replaceOnce(bus, "../../../dbus/org.pgmd1.conf", "org.pgmd1.conf");
        writeFile(dir_ + "/bus.conf", bus);
    }

    ~RenamedAdminPolicy()
    {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    std::string busConfig() const { return dir_ + "/bus.conf"; }

private:
    static std::string readFile(const std::string& path)
    {
        std::ifstream in(path);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }

    static void writeFile(const std::string& path, const std::string& text)
    {
        std::ofstream(path) << text;
    }

    static void replaceOnce(std::string& text, const std::string& from, const std::string& to)
    {
        const auto at = text.find(from);
        if (at == std::string::npos)
            throw std::runtime_error("'" + from + "' not found: the files no longer have the expected shape");
        text.replace(at, from.size(), to);
    }

    std::string dir_;
};

// Base classes are built in order: the files exist before the bus starts.
class AdminPolicyTest : private RenamedAdminPolicy, public PolicyTest {
protected:
    AdminPolicyTest()
        : PolicyTest(busConfig())
    {
    }
};

TEST_F(AdminPolicyTest, AMemberOfTheAdminGroupMayAct)
{
    const group* admin = getgrnam(kAdminGroup);
    if (admin == nullptr)
        GTEST_SKIP() << "no group '" << kAdminGroup << "' on this system to stand in for pgmd-admin";
    const Identity operatorUser{kNobody, kNogroup, {admin->gr_gid}};
    for (const Call& call : kOperatorCalls) {
        const ChildResult r = dbusSendAs(operatorUser, call.path, call.method, call.args);
        EXPECT_EQ(r.exitCode, 0) << call.method << ": " << r.output;
    }
    EXPECT_EQ(source.calls().size(), kOperatorCalls.size());

    // Everyone else is still refused by the bus.
    EXPECT_TRUE(refusedByTheBus(asNobody(kOperatorCalls.front())));
}

} // namespace
} // namespace pgmd::test
