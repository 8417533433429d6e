#pragma once
// Running other programs from tests: with a deadline, never waiting forever
// on a child that hangs, and always reaping it.

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace pgmd::test {

struct ChildResult {
    int exitCode = -1;   // -1 if it did not exit normally
    std::string output;  // stdout and stderr together
};

// Who a child runs as, and where.
struct Identity {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups{};  // supplementary gids
    // A cgroup.procs file the child moves itself into before dropping root;
    // "" leaves it where it is.
    std::string cgroupProcs{};
};

// Runs argv[0] (a full path) as `who` and returns its exit code and output.
// Kills it at the deadline.
ChildResult runAs(const Identity& who, const std::vector<std::string>& argv,
                  std::chrono::milliseconds timeout = std::chrono::seconds(20));

// The same with no supplementary groups.
ChildResult runAs(uid_t uid, gid_t gid, const std::vector<std::string>& argv,
                  std::chrono::milliseconds timeout = std::chrono::seconds(20));

ChildResult run(const std::vector<std::string>& argv,
                std::chrono::milliseconds timeout = std::chrono::seconds(20));

// Waits for `pid` to exit; SIGKILLs it at the deadline. Returns its wait status.
int reap(pid_t pid, std::chrono::milliseconds timeout);

} // namespace pgmd::test
