#pragma once
// A pager reading pgmctl's stdout, for as long as this object lives.

#include <csignal>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace pgmctl {

class PagerProcess {
public:
    // Starts the pager and points stdout at it; nullptr if no pipe or
    // process could be made (the output then goes straight to stdout). A
    // pager that cannot be executed copies its input through unchanged.
    static std::unique_ptr<PagerProcess> start(const std::vector<std::string>& argv);

    // Closes stdout, so that the pager sees the end, and waits for it.
    ~PagerProcess();

    PagerProcess(const PagerProcess&) = delete;
    PagerProcess& operator=(const PagerProcess&) = delete;

private:
    PagerProcess(pid_t pid, struct sigaction previousSigint);

    pid_t pid_;
    struct sigaction previousSigint_;
};

} // namespace pgmctl
