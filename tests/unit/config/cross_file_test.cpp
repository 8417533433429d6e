// Checks that need several files: shared units, units systemd does not know,
// references, layers and dependency cycles.

#include "config/config_loader.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pgmd {
namespace {

using ::testing::UnorderedElementsAreArray;

class CrossFile : public ::testing::Test {
protected:
    void SetUp() override
    {
        systemd.units = {"base.service",  "plat.service",  "app.service",   "shared.service",
                         "first.service", "cyc-a.service", "cyc-b.service", "cyc-c.service"};
    }

    test::Expect e{"bad-cross"};
    test::FakeSystemd systemd;
};

TEST_F(CrossFile, EveryProblemIsReportedAtTheKeyThatCausesIt)
{
    LoadResult r = loadConfig(e.dir(), systemd.fn());
    EXPECT_THAT(r.errors, UnorderedElementsAreArray({
        e("groups.d/first.group", 4, "Units",
          "unit 'shared.service' is a member of both group 'app' and group 'first'"),
        e("groups.d/x-y.group", 5, "ExecStart",
          "unit 'pgm-x-y-z.service' is a member of both group 'x' and group 'x-y' "
          "(inline processes run as pgm-GROUP-PROCESS.service)"),
        e("groups.d/app.group", 3, "Units", "unit 'ghost.service' not found"),
        e("groups.d/first.group", 7, "Unit", "unit 'gone.service' not found"),
        e("groups.d/app.group", 4, "DependsOn", "a group cannot depend on itself"),
        e("groups.d/app.group", 5, "DependsOn", "unknown group 'missing'"),
        e("groups.d/base.group", 4, "DependsOn", "system group 'base' cannot depend on platform group 'plat'"),
        e("groups.d/plat.group", 4, "DependsOn", "platform group 'plat' cannot depend on application group 'app'"),
        e("groups.d/plat.group", 5, "Resources", "unknown resource 'nosuch-disk'"),
        e("groups.d/app.group", 5, "DependsOn", "dependency cycle: app -> plat -> app"),
        e("groups.d/base.group", 4, "DependsOn", "dependency cycle: base -> plat -> base"),
        e("groups.d/cyc-a.group", 4, "DependsOn", "dependency cycle: cyc-a -> cyc-b -> cyc-c -> cyc-a"),
        e("groups.d/cyc-a.group", 4, "DependsOn", "dependency cycle: cyc-a -> cyc-b -> cyc-a"),
    }));
}

TEST_F(CrossFile, SystemdIsAskedOnceAboutEachExistingUnitAndNeverAboutInlineOnes)
{
    loadConfig(e.dir(), systemd.fn());
    std::multiset<std::string> expected = {
        "app.service",   "shared.service", "ghost.service", "unsure-a.service", "base.service", "cyc-a.service",
        "cyc-b.service", "cyc-c.service",  "first.service", "gone.service",     "plat.service",
    };
    EXPECT_EQ(systemd.asked, expected);
}

TEST_F(CrossFile, WithoutSystemdNoUnitIsReportedMissing)
{
    LoadResult r = loadConfig(e.dir());
    for (const auto& err : r.errors)
        EXPECT_EQ(err.message.find("not found"), std::string::npos) << format(err);
    EXPECT_EQ(r.errors.size(), 11u);
}

} // namespace
} // namespace pgmd
