// drainLine on the slave side of a pseudo-terminal: everything pending in
// one call, an empty line is no error, a hung-up line is.

#include "pseudo_terminal.hpp"
#include "common/serial/line_drain.hpp"
#include "common/serial/serial_line.hpp"

#include <gtest/gtest.h>
#include <poll.h>

#include <vector>

namespace pgm::serial {
namespace {

using test::PseudoTerminal;

std::vector<std::uint8_t> consumed;

Drained drainInto(int fd)
{
    consumed.clear();
    return drainLine(fd, [](std::span<const std::uint8_t> bytes) { consumed.insert(consumed.end(), bytes.begin(),
                                                                                   bytes.end()); });
}

bool readable(int fd)
{
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 5000) == 1;
}

TEST(LineDrain, ReadsEverythingPendingAndThenStops)
{
    PseudoTerminal pty;
    if (pty.slavePath().empty())
        GTEST_SKIP() << "no pseudo-terminal available";
    SerialLine line(pty.slavePath(), 115200);

    std::vector<std::uint8_t> sent(1500);
    for (std::size_t i = 0; i < sent.size(); ++i)
        sent[i] = static_cast<std::uint8_t>(i * 7);
    ASSERT_EQ(::write(pty.master(), sent.data(), sent.size()), static_cast<ssize_t>(sent.size()));
    ASSERT_TRUE(readable(line.fd()));

    std::vector<std::uint8_t> got;
    while (got.size() < sent.size() && readable(line.fd())) {
        const Drained d = drainInto(line.fd());
        EXPECT_EQ(d.error, 0);
        EXPECT_TRUE(d.gotBytes);
        got.insert(got.end(), consumed.begin(), consumed.end());
    }
    EXPECT_EQ(got, sent);

    const Drained empty = drainInto(line.fd());
    EXPECT_FALSE(empty.gotBytes);
    EXPECT_EQ(empty.error, 0);
}

TEST(LineDrain, AHungUpLineIsAnErrorOrEmptyButNeverBytes)
{
    auto pty = std::make_unique<PseudoTerminal>();
    if (pty->slavePath().empty())
        GTEST_SKIP() << "no pseudo-terminal available";
    SerialLine line(pty->slavePath(), 115200);
    pty.reset(); // the far end goes away

    const Drained d = drainInto(line.fd());
    EXPECT_FALSE(d.gotBytes);
    EXPECT_TRUE(d.error == 0 || d.error == EIO) << d.error;
    // Which is why callers look at POLLHUP too.
    pollfd p{line.fd(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 0), 1);
    EXPECT_TRUE(p.revents & POLLHUP);
}

} // namespace
} // namespace pgm::serial
