#include "resources/probes.hpp"

#include <gtest/gtest.h>

namespace pgmd {
namespace {

const char* kMountInfo =
    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
    "35 22 0:30 / /srv/data rw shared:2 - xfs /dev/sdb1 rw\n"
    "36 22 0:31 / /mnt/with\\040space rw shared:3 - tmpfs tmpfs rw\n";

TEST(Probes, MountPointsAreReadWithTheirEscapesDecoded)
{
    EXPECT_EQ(mountPoints(kMountInfo), (std::vector<std::string>{"/", "/srv/data", "/mnt/with space"}));
}

TEST(Probes, MountIsHealthyOnlyWhenThePathItselfIsAMountPoint)
{
    EXPECT_TRUE(probeMount("/srv/data", kMountInfo).healthy);
    EXPECT_TRUE(probeMount("/mnt/with space", kMountInfo).healthy);
    auto sub = probeMount("/srv/data/sub", kMountInfo);
    EXPECT_FALSE(sub.healthy);
    EXPECT_EQ(sub.detail, "/srv/data/sub is not a mount point");
}

TEST(Probes, PathExistsOrSaysWhyNot)
{
    EXPECT_TRUE(probePath("/").healthy);
    auto missing = probePath("/nonexistent/pgmd-test");
    EXPECT_FALSE(missing.healthy);
    EXPECT_EQ(missing.detail, "/nonexistent/pgmd-test: No such file or directory");
}

TEST(Probes, FreeSpaceComparesAgainstTheMinimum)
{
    EXPECT_TRUE(probeFreeSpace("/", 1).healthy);
    auto huge = probeFreeSpace("/", std::uint64_t{1} << 50);
    EXPECT_FALSE(huge.healthy);
    EXPECT_NE(huge.detail.find("free on / (minimum 1024T)"), std::string::npos) << huge.detail;
    EXPECT_FALSE(probeFreeSpace("/nonexistent/pgmd-test", 1).healthy);
}

} // namespace
} // namespace pgmd
