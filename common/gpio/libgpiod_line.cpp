#include "common/gpio/libgpiod_line.hpp"

#include <array>
#include <cerrno>
#include <cstdint>

#include <gpiod.h>
#include <poll.h>

namespace pgm::gpio {

LibgpiodLine::LibgpiodLine(const LineAddress& address)
    : name_(address.chip + " line " + std::to_string(address.offset))
{
    chip_ = ::gpiod_chip_open_lookup(address.chip.c_str());
    if (!chip_)
        throw LineError(errno ? errno : ENODEV, std::generic_category(), "GPIO chip " + address.chip + ": open");
    line_ = ::gpiod_chip_get_line(chip_, address.offset);
    if (!line_) {
        const int error = errno ? errno : EINVAL;
        ::gpiod_chip_close(chip_);
        throw LineError(error, std::generic_category(), name_ + ": get line");
    }
}

LibgpiodLine::~LibgpiodLine()
{
    ::gpiod_line_release(line_);
    ::gpiod_chip_close(chip_);
}

void LibgpiodLine::fail(const std::string& step) const
{
    throw LineError(errno ? errno : EIO, std::generic_category(), name_ + ": " + step);
}

LibgpiodInputLine::LibgpiodInputLine(const LineAddress& address, const std::string& consumer) : line_(address)
{
    if (::gpiod_line_request_both_edges_events(line_.get(), consumer.c_str()) < 0)
        line_.fail("request both-edge events");
    fd_ = ::gpiod_line_event_get_fd(line_.get());
    if (fd_ < 0)
        line_.fail("get event fd");
}

std::vector<EdgeEvent> LibgpiodInputLine::readEvents()
{
    std::vector<EdgeEvent> out;
    std::array<gpiod_line_event, 16> batch{};
    for (;;) {
        // gpiod_line_event_read_multiple() blocks when nothing is pending:
        // only call it once poll says something is.
        pollfd p{fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, 0);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0)
            line_.fail("poll events");
        if (ready == 0 || !(p.revents & POLLIN))
            return out;
        const int n = ::gpiod_line_event_read_multiple(line_.get(), batch.data(), batch.size());
        if (n < 0)
            line_.fail("read events");
        for (int i = 0; i < n; ++i) {
            const gpiod_line_event& e = batch[static_cast<std::size_t>(i)];
            const auto usec = static_cast<std::int64_t>(e.ts.tv_sec) * 1'000'000 + e.ts.tv_nsec / 1'000;
            out.push_back({e.event_type == GPIOD_LINE_EVENT_RISING_EDGE ? Edge::Rising : Edge::Falling,
                           pgm::MonoTime{usec}});
        }
    }
}

bool LibgpiodInputLine::value() const
{
    const int v = ::gpiod_line_get_value(line_.get());
    if (v < 0)
        line_.fail("get value");
    return v == 1;
}

LibgpiodOutputLine::LibgpiodOutputLine(const LineAddress& address, const std::string& consumer, bool initial)
    : line_(address)
{
    if (::gpiod_line_request_output(line_.get(), consumer.c_str(), initial ? 1 : 0) < 0)
        line_.fail("request output");
}

void LibgpiodOutputLine::setValue(bool high)
{
    if (::gpiod_line_set_value(line_.get(), high ? 1 : 0) < 0)
        line_.fail(std::string("set value ") + (high ? "1" : "0"));
}

bool LibgpiodOutputLine::value() const
{
    const int v = ::gpiod_line_get_value(line_.get());
    if (v < 0)
        line_.fail("read back value");
    return v == 1;
}

} // namespace pgm::gpio
