#pragma once
// A cgroup v2 directory shaped like a systemd unit's, for placing a test
// child "inside" a unit without systemd: <root>/<slice>/<unit>, at the root
// of the cgroup v2 hierarchy so that the unit is the first non-slice
// component of the child's /proc/<pid>/cgroup path. Removed at the end.

#include <string>

namespace pgmd::test {

class TestCgroup {
public:
    explicit TestCgroup(const std::string& unit);
    ~TestCgroup();
    TestCgroup(const TestCgroup&) = delete;
    TestCgroup& operator=(const TestCgroup&) = delete;

    // Why it could not be made ("" when it exists): no cgroup v2 mounted,
    // or no permission to create cgroups there.
    const std::string& unavailableBecause() const { return whyNot_; }
    // The cgroup.procs file to move a process into the unit.
    std::string procsFile() const { return unitDir_ + "/cgroup.procs"; }

private:
    std::string sliceDir_;
    std::string unitDir_;
    std::string whyNot_;
};

} // namespace pgmd::test
