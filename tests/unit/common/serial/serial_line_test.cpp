// SerialLine on the slave side of a pseudo-terminal: the settings it leaves
// on the line, as tcgetattr reads them back, bytes both ways, and the text
// of its errors.

#include "pseudo_terminal.hpp"

#include "common/serial/serial_line.hpp"

#include <gtest/gtest.h>

#include <poll.h>
#include <termios.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdint>
#include <string>
#include <utility>

namespace pgm::serial {
namespace {

class SerialLineTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (pty_.slavePath().empty())
            GTEST_SKIP() << "no pseudo-terminal available";
    }

    termios settingsOf(const SerialLine& line)
    {
        termios tio{};
        EXPECT_EQ(::tcgetattr(line.fd(), &tio), 0) << std::strerror(errno);
        return tio;
    }

    test::PseudoTerminal pty_;
};

std::string errorText(const std::string& device, unsigned baud)
{
    try {
        SerialLine line(device, baud);
    } catch (const SerialLineError& e) {
        return e.what();
    }
    return "no error";
}

bool hasFlag(tcflag_t field, tcflag_t flag)
{
    return (field & flag) == flag;
}

TEST_F(SerialLineTest, OpensRawEightNOneWithoutFlowControl)
{
    SerialLine line(pty_.slavePath(), 115200);
    ASSERT_GE(line.fd(), 0);
    EXPECT_EQ(line.device(), pty_.slavePath());
    EXPECT_EQ(line.baud(), 115200u);

    const termios tio = settingsOf(line);
    EXPECT_EQ(tio.c_cflag & CSIZE, static_cast<tcflag_t>(CS8));
    EXPECT_FALSE(hasFlag(tio.c_cflag, PARENB));
    EXPECT_FALSE(hasFlag(tio.c_cflag, CSTOPB));
    EXPECT_FALSE(hasFlag(tio.c_cflag, CRTSCTS));
    EXPECT_TRUE(hasFlag(tio.c_cflag, CLOCAL));
    EXPECT_TRUE(hasFlag(tio.c_cflag, CREAD));
    for (tcflag_t flag : {IXON, IXOFF, IXANY, ICRNL, INLCR, IGNCR, ISTRIP, BRKINT})
        EXPECT_FALSE(hasFlag(tio.c_iflag, flag)) << "input flag " << flag;
    EXPECT_FALSE(hasFlag(tio.c_oflag, OPOST));
    for (tcflag_t flag : {ECHO, ECHONL, ICANON, ISIG, IEXTEN})
        EXPECT_FALSE(hasFlag(tio.c_lflag, flag)) << "local flag " << flag;
    EXPECT_EQ(tio.c_cc[VMIN], 0);
    EXPECT_EQ(tio.c_cc[VTIME], 0);
    EXPECT_EQ(::cfgetospeed(&tio), static_cast<speed_t>(B115200));
    EXPECT_EQ(::cfgetispeed(&tio), static_cast<speed_t>(B115200));
}

TEST_F(SerialLineTest, TheDescriptorIsNonBlockingAndCloseOnExec)
{
    SerialLine line(pty_.slavePath(), 9600);
    EXPECT_TRUE(::fcntl(line.fd(), F_GETFL) & O_NONBLOCK);
    EXPECT_TRUE(::fcntl(line.fd(), F_GETFD) & FD_CLOEXEC);
    const termios tio = settingsOf(line);
    EXPECT_EQ(::cfgetospeed(&tio), static_cast<speed_t>(B9600));
    // Nothing has arrived: a read returns at once instead of waiting.
    std::uint8_t byte = 0;
    const ssize_t n = ::read(line.fd(), &byte, 1);
    EXPECT_TRUE(n == 0 || (n < 0 && errno == EAGAIN)) << n << " " << std::strerror(errno);
}

TEST_F(SerialLineTest, BinaryBytesPassUnchangedBothWays)
{
    SerialLine line(pty_.slavePath(), 115200);
    // Every byte a terminal would act on: XON/XOFF, CR, LF, ^C, ^D, NUL, DEL.
    const std::string bytes("\x11\x13\r\n\x03\x04\x00\x7f\xff", 9);

    auto transfer = [](int from, int to, const std::string& data) {
        EXPECT_EQ(::write(from, data.data(), data.size()), static_cast<ssize_t>(data.size()));
        std::string got;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (got.size() < data.size() && std::chrono::steady_clock::now() < deadline) {
            pollfd p{to, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0)
                continue;
            char buffer[64];
            const ssize_t n = ::read(to, buffer, sizeof buffer);
            if (n > 0)
                got.append(buffer, static_cast<std::size_t>(n));
        }
        return got;
    };
    EXPECT_EQ(transfer(pty_.master(), line.fd(), bytes), bytes);
    EXPECT_EQ(transfer(line.fd(), pty_.master(), bytes), bytes);
}

TEST_F(SerialLineTest, MovingHandsTheDescriptorOver)
{
    SerialLine first(pty_.slavePath(), 115200);
    const int fd = first.fd();
    SerialLine second(std::move(first));
    EXPECT_EQ(second.fd(), fd);
    EXPECT_EQ(second.device(), pty_.slavePath());
    EXPECT_EQ(first.fd(), -1);  // the moved-from state is what is tested
}

TEST_F(SerialLineTest, AnUnsupportedRateIsRefusedBeforeTheDeviceIsTouched)
{
    try {
        SerialLine line(pty_.slavePath(), 12345);
        FAIL() << "12345 baud accepted";
    } catch (const SerialLineError& e) {
        EXPECT_EQ(e.code(), std::errc::invalid_argument);
        EXPECT_EQ(std::string(e.what()),
                  pty_.slavePath() + ": unsupported baud rate 12345 (supported: 1200, 2400, 4800, 9600, 19200, "
                                     "38400, 57600, 115200, 230400, 460800, 921600): Invalid argument");
    }
    // Even for a device that does not exist: the rate is the first thing wrong.
    EXPECT_EQ(errorText("/nonexistent/ttyX", 0).find("/nonexistent/ttyX: unsupported baud rate 0"), 0u);
}

TEST(SerialLineErrors, AMissingDeviceIsNamedWithTheStepAndTheReason)
{
    EXPECT_EQ(errorText("/nonexistent/ttyX", 115200), "/nonexistent/ttyX: cannot open: No such file or directory");
}

TEST(SerialLineErrors, AFileThatIsNoTerminalIsRefused)
{
    const std::string text = errorText("/dev/null", 115200);
    EXPECT_EQ(text.find("/dev/null: not a terminal (tcgetattr): "), 0u) << text;
}

} // namespace
} // namespace pgm::serial
