#include "serial_link.hpp"

#include "stop_answer_wait.hpp"

#include "common/serial/line_drain.hpp"

#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <unistd.h>

namespace pgmd::boardlink {

SerialLink::SerialLink(pgm::EventLoop& loop, const IndependentComputerSpec& spec, icd::Key key, const Clock& clock,
                       BoardLinkSession::Listener listener, BoardLinkSession::NonceSource nonces)
    : loop_(loop), spec_(spec), listener_(std::move(listener)),
      link_(static_cast<icd::HostId>(spec.hostId), std::move(key), clock,
            [this](const icd::Bytes& frame) { write(frame); }, listener_, std::move(nonces)),
      heartbeat_(loop, spec.heartbeatInterval, [this] { link_.tick(); }),
      status_(loop, spec.statusInterval, [this] { link_.queryStatus(); })
{
}

std::string SerialLink::description() const
{
    return "serial " + spec_.device;
}

void SerialLink::start()
{
    port_.emplace(spec_.device, spec_.baud);
    io_.emplace(loop_.get(), port_->fd(), EPOLLIN, [this](std::uint32_t events) { onReadable(events); },
                "independent computer line");
    link_.start();
    heartbeat_.start();
    if (spec_.statusInterval.count() > 0)
        status_.start();
}

void SerialLink::stop(StopReason reason)
{
    heartbeat_.stop();
    status_.stop();
    if (!port_)
        return;
    io_->enable(false);
    if (!link_.announceStop(reason))
        return;
    switch (awaitStopAnswer(port_->fd(), link_)) {
    case StopWaitResult::Settled: break;
    case StopWaitResult::TimedOut:
        report(LinkEvent::Level::Warning, "no answer from the independent computer on " + spec_.device);
        break;
    case StopWaitResult::LineError:
        report(LinkEvent::Level::Warning, "cannot read the answer of the independent computer on " + spec_.device);
        break;
    }
}

LinkSnapshot SerialLink::snapshot() const
{
    return link_.snapshot();
}

std::string SerialLink::requestCycle(icd::RequestReason reason, const std::string& why)
{
    if (!port_)
        return "the line " + spec_.device + " is not open";
    link_.requestCycle(reason, why);
    return "";
}

std::string SerialLink::queryStatus()
{
    if (!port_)
        return "the line " + spec_.device + " is not open";
    return link_.queryStatus() ? "" : "no session with the independent computer yet";
}

void SerialLink::setBoardListener(BoardEventListener listener)
{
    link_.setBoardListener(std::move(listener));
}

std::string SerialLink::fencePeer(icd::HostId target, std::uint16_t activeGroups)
{
    if (!port_)
        return "the line " + spec_.device + " is not open";
    link_.fencePeer(target, activeGroups);
    return "";
}

std::string SerialLink::queryPeer(icd::HostId target)
{
    if (!port_)
        return "the line " + spec_.device + " is not open";
    return link_.queryPeer(target) ? "" : "no session with the independent computer yet";
}

void SerialLink::onReadable(std::uint32_t events)
{
    const pgm::serial::Drained drained =
        pgm::serial::drainLine(port_->fd(), [this](icd::ByteView bytes) { link_.onBytes(bytes); });
    // EIO on a hung-up line would be reported on every iteration: stop reading.
    if (drained.error != 0) {
        report(LinkEvent::Level::Error,
               "cannot read " + spec_.device + ": " + std::strerror(drained.error) + "; no longer reading it");
        io_->enable(false);
    } else if (events & (EPOLLHUP | EPOLLERR)) {
        report(LinkEvent::Level::Error, spec_.device + " hung up; no longer reading it");
        io_->enable(false);
    }
}

void SerialLink::write(const icd::Bytes& frame)
{
    if (!port_)
        return;
    std::size_t done = 0;
    while (done < frame.size()) {
        const ssize_t n = ::write(port_->fd(), frame.data() + done, frame.size() - done);
        if (n >= 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (errno == EINTR)
            continue;
        // A full output queue means the line is stuck; the frame is dropped
        // (the board resynchronises on the next delimiter) and the silence
        // is what the board acts on.
        if (!std::exchange(writeFailing_, true))
            report(LinkEvent::Level::Error, "cannot write to " + spec_.device + ": " + std::strerror(errno));
        return;
    }
    if (std::exchange(writeFailing_, false))
        report(LinkEvent::Level::Info, "writing to " + spec_.device + " works again");
}

void SerialLink::report(LinkEvent::Level level, std::string message)
{
    if (listener_)
        listener_(LinkEvent{LinkEvent::Kind::Problem, level, std::move(message)});
}

} // namespace pgmd::boardlink
