#include "systemd/runtime_unit_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace pgmd {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p)
{
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class RuntimeUnitFilesTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        char tmpl[] = "/tmp/pgmd-units.XXXXXX";
        ASSERT_TRUE(::mkdtemp(tmpl));
        dir = tmpl;
        GroupSpec g;
        g.name = "billing-db";
        g.layer = Layer::Application;
        g.description = "Billing database, 100% critical";
        g.members = {MemberSpec{.name = "pg.service"}, MemberSpec{.name = "pg.socket"},
                     MemberSpec{.name = "inline.service", .isTransient = true},
                     MemberSpec{.name = "some.target"}};
        groups = {g};
    }
    void TearDown() override { fs::remove_all(dir); }

    fs::path dir;
    std::vector<GroupSpec> groups;
};

TEST_F(RuntimeUnitFilesTest, WritesSlicesAndDropIns)
{
    RuntimeUnitFiles files(dir);
    EXPECT_TRUE(files.apply(groups));

    const std::string slice = "pgm-application-billing\\x2ddb.slice";
    auto dropIn = slurp(dir / "pg.service.d/50-pgmd.conf");
    EXPECT_NE(dropIn.find("[Service]\nSlice=" + slice + "\nRestart=no\n"), std::string::npos) << dropIn;
    EXPECT_NE(dropIn.find("[Unit]\nBefore=pgmd.service\n"), std::string::npos) << dropIn;
    auto socketDropIn = slurp(dir / "pg.socket.d/50-pgmd.conf");
    EXPECT_NE(socketDropIn.find("[Socket]\nSlice=" + slice + "\n"), std::string::npos) << socketDropIn;
    EXPECT_EQ(socketDropIn.find("Restart="), std::string::npos);
    // Transient members get their slice at creation; targets have no processes.
    EXPECT_FALSE(fs::exists(dir / "inline.service.d"));
    EXPECT_FALSE(fs::exists(dir / "some.target.d"));

    EXPECT_NE(slurp(dir / "pgm.slice").find("Description="), std::string::npos);
    EXPECT_NE(slurp(dir / "pgm-application.slice").find("Description=pgmd application layer"), std::string::npos);
    EXPECT_NE(slurp(dir / slice).find("Description=Billing database, 100%% critical\n"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir / "pg.service.d/50-pgmd.conf.tmp"));
}

TEST_F(RuntimeUnitFilesTest, UnchangedFilesAreNotRewritten)
{
    RuntimeUnitFiles files(dir);
    ASSERT_TRUE(files.apply(groups));
    auto before = fs::last_write_time(dir / "pg.service.d/50-pgmd.conf");
    EXPECT_FALSE(files.apply(groups));
    EXPECT_EQ(fs::last_write_time(dir / "pg.service.d/50-pgmd.conf"), before);

    groups[0].members[0].name = "pg2.service";
    EXPECT_TRUE(files.apply(groups));
}

TEST_F(RuntimeUnitFilesTest, StaleFilesOfOursAreRemovedOthersKept)
{
    RuntimeUnitFiles files(dir);
    ASSERT_TRUE(files.apply(groups));
    fs::create_directories(dir / "foreign.service.d");
    std::ofstream(dir / "foreign.service.d/50-pgmd.conf") << "[Service]\nRestart=always\n";
    std::ofstream(dir / "pg.service.d/10-admin.conf") << "[Service]\nNice=5\n";
    std::ofstream(dir / "pgm-admin.slice") << "[Unit]\nDescription=not ours\n";

    groups[0].name = "orders";
    groups[0].members = {MemberSpec{.name = "orders.service"}};
    EXPECT_TRUE(files.apply(groups));

    EXPECT_TRUE(fs::exists(dir / "orders.service.d/50-pgmd.conf"));
    EXPECT_TRUE(fs::exists(dir / "pgm-application-orders.slice"));
    EXPECT_FALSE(fs::exists(dir / "pgm-application-billing\\x2ddb.slice"));
    EXPECT_FALSE(fs::exists(dir / "pg.socket.d"));
    EXPECT_FALSE(fs::exists(dir / "pg.service.d/50-pgmd.conf"));
    EXPECT_TRUE(fs::exists(dir / "pg.service.d/10-admin.conf"));
    EXPECT_TRUE(fs::exists(dir / "foreign.service.d/50-pgmd.conf"));
    EXPECT_TRUE(fs::exists(dir / "pgm-admin.slice"));

    EXPECT_FALSE(files.apply(groups));
}

TEST_F(RuntimeUnitFilesTest, NoGroupsRemovesEverythingOfOurs)
{
    RuntimeUnitFiles files(dir);
    ASSERT_TRUE(files.apply(groups));
    EXPECT_TRUE(files.apply({}));
    EXPECT_TRUE(fs::is_empty(dir));
}

TEST_F(RuntimeUnitFilesTest, MissingDirectoryIsCreated)
{
    RuntimeUnitFiles files((dir / "run/systemd/system").string());
    EXPECT_TRUE(files.apply(groups));
    EXPECT_TRUE(fs::exists(dir / "run/systemd/system/pgm.slice"));
}

} // namespace
} // namespace pgmd
