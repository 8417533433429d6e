#include "common/gpio/fake_line.hpp"

#include <cerrno>
#include <cstdint>

#include <sys/eventfd.h>
#include <unistd.h>

namespace pgm::gpio {

FakeInputLine::FakeInputLine(bool level) : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)), level_(level)
{
    if (fd_ < 0)
        throw LineError(errno, std::generic_category(), "fake input line: eventfd");
}

FakeInputLine::~FakeInputLine()
{
    ::close(fd_);
}

void FakeInputLine::inject(Edge edge, pgm::MonoTime at)
{
    queue_.push_back({edge, at});
    level_ = edge == Edge::Rising;
    const std::uint64_t one = 1;
    if (::write(fd_, &one, sizeof one) != sizeof one)
        throw LineError(errno, std::generic_category(), "fake input line: eventfd write");
}

void FakeInputLine::toggle(pgm::MonoTime at)
{
    inject(level_ ? Edge::Falling : Edge::Rising, at);
}

std::vector<EdgeEvent> FakeInputLine::readEvents()
{
    // Drain the counter so that the fd is readable again only for new edges.
    std::uint64_t count = 0;
    if (::read(fd_, &count, sizeof count) < 0 && errno != EAGAIN)
        throw LineError(errno, std::generic_category(), "fake input line: eventfd read");
    std::vector<EdgeEvent> events(queue_.begin(), queue_.end());
    queue_.clear();
    return events;
}

void FakeOutputLine::setValue(bool high)
{
    if (writeError_ != 0)
        throw LineError(writeError_, std::generic_category(), "fake output line: set value");
    level_ = high;
    history_.push_back(high);
}

} // namespace pgm::gpio
