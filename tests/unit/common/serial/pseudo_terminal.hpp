#pragma once
// A pseudo-terminal pair for opening a real tty without hardware: the test
// opens the slave as a serial line and plays the far end on the master.

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>

namespace pgm::serial::test {

class PseudoTerminal {
public:
    PseudoTerminal()
    {
        master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (master_ < 0 || ::grantpt(master_) < 0 || ::unlockpt(master_) < 0)
            return;
        if (const char* name = ::ptsname(master_))
            slavePath_ = name;
    }
    ~PseudoTerminal()
    {
        if (master_ >= 0)
            ::close(master_);
    }
    PseudoTerminal(const PseudoTerminal&) = delete;
    PseudoTerminal& operator=(const PseudoTerminal&) = delete;

    // Empty when the system has no pseudo-terminals to give.
    const std::string& slavePath() const { return slavePath_; }
    int master() const { return master_; }

private:
    int master_ = -1;
    std::string slavePath_;
};

} // namespace pgm::serial::test
