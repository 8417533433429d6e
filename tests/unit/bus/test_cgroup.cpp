#include "test_cgroup.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace pgmd::test {

namespace {

// Where cgroup2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a
// hybrid host); "" if nowhere. mountinfo: "... <mount point> ... - <fstype> ...".
std::string cgroup2Mount()
{
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mountinfo, line)) {
        const auto dash = line.find(" - ");
        if (dash == std::string::npos || line.compare(dash + 3, 8, "cgroup2 ") != 0)
            continue;
        std::istringstream fields(line.substr(0, dash));
        std::string id, parent, devices, root, mountPoint;
        fields >> id >> parent >> devices >> root >> mountPoint;
        // Only a mount of the hierarchy's root shows paths from the root.
        if (root == "/")
            return mountPoint;
    }
    return {};
}

} // namespace

TestCgroup::TestCgroup(const std::string& unit)
{
    const std::string mount = cgroup2Mount();
    if (mount.empty()) {
        whyNot_ = "no cgroup v2 hierarchy is mounted";
        return;
    }
    sliceDir_ = mount + "/pgmd-bus-test-" + std::to_string(getpid()) + ".slice";
    unitDir_ = sliceDir_ + "/" + unit;
    if (mkdir(sliceDir_.c_str(), 0755) != 0 || mkdir(unitDir_.c_str(), 0755) != 0) {
        whyNot_ = "cannot create a cgroup under " + mount + ": " + std::strerror(errno);
        rmdir(sliceDir_.c_str());
        sliceDir_.clear();
        unitDir_.clear();
    }
}

TestCgroup::~TestCgroup()
{
    // The children that used it have been reaped: both are empty.
    if (!unitDir_.empty())
        rmdir(unitDir_.c_str());
    if (!sliceDir_.empty())
        rmdir(sliceDir_.c_str());
}

} // namespace pgmd::test
