// The bus policy file: it parses, and on a bus with the system bus's default
// policy it lets everyone read and only root act.

#include "bus_fixture.hpp"
#include "child_process.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

namespace pgmd::test {
namespace {

TEST(PolicyFile, IsWellFormedXml)
{
    for (const char* file : {"org.pgmd1.conf", "org.pgmd1.Manager.xml", "org.pgmd1.Group.xml"}) {
        const ChildResult r = run({XMLLINT_PATH, "--noout", "--nonet", std::string(DBUS_DIR) + "/" + file});
        EXPECT_EQ(r.exitCode, 0) << file << ": " << r.output;
    }
}

// The fixture's bus includes dbus/org.pgmd1.conf; dbus-daemon refuses to
// start if that file does not parse, so every test here also checks that.
class PolicyTest : public BusFixture {
protected:
    PolicyTest()
        : BusFixture(TEST_DATA_DIR "/policy-bus.conf")
    {
    }

    void SetUp() override
    {
        SKIP_UNLESS_ROOT();
        // Also shows root may own org.pgmd1: SetUp requests it.
        BusFixture::SetUp();
    }

    ChildResult asNobody(const std::string& path, const std::string& method,
                         const std::vector<std::string>& args = {})
    {
        return dbusSendAs(kNobody, kNogroup, path, method, args);
    }
};

TEST_F(PolicyTest, EveryoneMayRead)
{
    const std::string group = "/org/pgmd1/group/alpha";
    const std::vector<std::pair<std::string, std::vector<std::string>>> calls{
        {"org.freedesktop.DBus.Introspectable.Introspect", {}},
        {"org.freedesktop.DBus.Peer.Ping", {}},
        {"org.freedesktop.DBus.Properties.Get", {"string:org.pgmd1.Group", "string:State"}},
        {"org.freedesktop.DBus.Properties.GetAll", {"string:org.pgmd1.Group"}},
    };
    for (const auto& [method, args] : calls) {
        const ChildResult r = asNobody(group, method, args);
        EXPECT_EQ(r.exitCode, 0) << method << ": " << r.output;
    }
    for (const auto& [method, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"org.pgmd1.Manager.ListGroups", {}},
             {"org.pgmd1.Manager.GetGroup", {"string:alpha"}},
             {"org.freedesktop.DBus.ObjectManager.GetManagedObjects", {}},
         }) {
        const ChildResult r = asNobody("/org/pgmd1", method, args);
        EXPECT_EQ(r.exitCode, 0) << method << ": " << r.output;
    }
}

TEST_F(PolicyTest, OnlyRootMayAct)
{
    for (const char* method : {"Offline", "Online", "Restart"}) {
        const ChildResult r = asNobody("/org/pgmd1/group/alpha", std::string("org.pgmd1.Group.") + method);
        EXPECT_NE(r.exitCode, 0) << method << ": " << r.output;
        EXPECT_NE(r.output.find("org.freedesktop.DBus.Error.AccessDenied"), std::string::npos)
            << method << ": " << r.output;
        EXPECT_NE(r.output.find("Rejected send message"), std::string::npos)
            << method << ": the bus, not pgmd, must refuse: " << r.output;
    }
    EXPECT_TRUE(source.calls().empty());

    groupClient("alpha")->Restart();
    EXPECT_EQ(source.calls(), (std::vector<OperatorCall>{{"restart", "alpha"}}));
}

TEST_F(PolicyTest, NobodyMaySetProperties)
{
    const ChildResult r = asNobody("/org/pgmd1/group/alpha", "org.freedesktop.DBus.Properties.Set",
                                   {"string:org.pgmd1.Group", "string:State", "variant:string:active"});
    EXPECT_NE(r.output.find("org.freedesktop.DBus.Error.AccessDenied"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Rejected send message"), std::string::npos) << r.output;
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

} // namespace
} // namespace pgmd::test
