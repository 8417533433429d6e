#pragma once
// For tests of readers that once blocked (opening or reading a FIFO): if the
// code under test blocks again, SIGALRM ends the test program at once, with a
// clear signal, instead of leaving it to the harness's timeout.

#include <unistd.h>

namespace pgmd::test {

class HangGuard {
public:
    explicit HangGuard(unsigned seconds = 20) { ::alarm(seconds); }
    ~HangGuard() { ::alarm(0); }
    HangGuard(const HangGuard&) = delete;
    HangGuard& operator=(const HangGuard&) = delete;
};

} // namespace pgmd::test
