// unitOfCgroupFile: which unit a process runs in, from /proc/<pid>/cgroup.

#include "bus/cgroup_unit.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

namespace pgmd {
namespace {

struct Case {
    const char* what;
    const char* content;
    std::optional<std::string> unit;
};

class UnitOfCgroupFile : public ::testing::TestWithParam<Case> {};

TEST_P(UnitOfCgroupFile, Reads)
{
    EXPECT_EQ(unitOfCgroupFile(GetParam().content), GetParam().unit) << GetParam().what;
}

const Case kCases[] = {
    {"a service in a group slice", "0::/pgm.slice/pgm-application.slice/pgm-application-billing.slice/billing.service\n",
     "billing.service"},
    {"a service directly in system.slice", "0::/system.slice/cron.service\n", "cron.service"},
    {"a scope", "0::/system.slice/run-r1c2.scope\n", "run-r1c2.scope"},
    {"the init scope at the root", "0::/init.scope\n", "init.scope"},
    {"a template instance", "0::/system.slice/system-getty.slice/getty@tty1.service\n", "getty@tty1.service"},
    {"a delegated sub-cgroup belongs to its unit",
     "0::/system.slice/worker.service/payload/other.service\n", "worker.service"},
    {"an escaped cgroup name", "0::/system.slice/_cpu.service\n", "cpu.service"},
    {"the v2 line among v1 lines (hybrid)",
     "12:pids:/system.slice/a.service\n1:name=systemd:/system.slice/a.service\n0::/system.slice/a.service\n",
     "a.service"},
    {"no trailing newline", "0::/system.slice/a.service", "a.service"},
    {"a user unit is its user manager's", "0::/user.slice/user-1000.slice/user@1000.service/app.slice/x.service\n",
     "user@1000.service"},
    {"the root cgroup", "0::/\n", std::nullopt},
    {"slices only", "0::/system.slice/pgm.slice\n", std::nullopt},
    {"a cgroup that is not a unit", "0::/machine/qemu-1\n", std::nullopt},
    {"a slice name alone is not a process unit", "0::/foo.slice/.service\n", std::nullopt},
    {"no v2 line (pure v1)", "4:memory:/system.slice/a.service\n1:name=systemd:/system.slice/a.service\n",
     std::nullopt},
    {"a relative path", "0::system.slice/a.service\n", std::nullopt},
    {"an empty path", "0::\n", std::nullopt},
    {"a removed cgroup", "0::/system.slice/a.service (deleted)\n", std::nullopt},
    {"an empty file", "", std::nullopt},
    {"garbage", "not a cgroup file at all", std::nullopt},
    {"a double slash", "0::/system.slice//a.service\n", std::nullopt},
};

INSTANTIATE_TEST_SUITE_P(Cases, UnitOfCgroupFile, ::testing::ValuesIn(kCases));

TEST(UnitOfProcess, AProcessThatDoesNotExistHasNoUnit)
{
    EXPECT_EQ(unitOfProcess(0), std::nullopt);
    EXPECT_EQ(unitOfProcess(-1), std::nullopt);
    EXPECT_EQ(unitOfProcess(0x3fffffff), std::nullopt);
}

TEST(UnitOfProcess, ReadsThisProcess)
{
    // Whatever this runs in, reading /proc must agree with parsing it.
    std::FILE* f = std::fopen("/proc/self/cgroup", "r");
    ASSERT_NE(f, nullptr);
    std::string text;
    char buf[512];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, f))
        text.append(buf, n);
    std::fclose(f);
    EXPECT_EQ(unitOfProcess(getpid()), unitOfCgroupFile(text));
}

} // namespace
} // namespace pgmd
