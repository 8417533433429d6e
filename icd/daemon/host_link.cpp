#include "host_link.hpp"

#include "log/journal.hpp"
#include "serial/line_drain.hpp"
#include "protocol/random_nonce.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>
#include <unistd.h>

namespace icd::daemon {

namespace {

// Several answers' worth: a healthy line never holds more than one or two.
constexpr std::size_t kOutgoingLimit = 1024;
// How long a line that reported an error (a pty whose other end closed, a
// USB adapter unplugged) is left alone before it is read again.
constexpr std::uint64_t kLineRetryUsec = 1000000;

void check(int r, const char* what)
{
    if (r < 0)
        throw std::system_error(-r, std::generic_category(), what);
}

} // namespace

HostLink::HostLink(sd_event* event, std::string host, pgm::serial::SerialLine line, BoardSession session,
                   Handlers handlers)
    : host_(std::move(host))
    , line_(std::move(line))
    , event_(event)
    , session_(std::move(session))
    , handlers_(std::move(handlers))
{
    check(sd_event_add_io(event_, &io_, line_.fd(), EPOLLIN, &HostLink::onIo, this), "sd_event_add_io");
}

HostLink::~HostLink()
{
    sd_event_source_disable_unref(retry_);
    sd_event_source_disable_unref(io_);
}

int HostLink::onIo(sd_event_source*, int, std::uint32_t revents, void* self)
{
    auto* link = static_cast<HostLink*>(self);
    if (revents & EPOLLIN)
        link->readAll();
    if (revents & EPOLLOUT)
        link->flush();
    if ((revents & (EPOLLHUP | EPOLLERR)) && !(revents & EPOLLIN))
        link->pauseAfterLineError("hang-up", EIO);
    return 0;
}

int HostLink::onRetry(sd_event_source*, std::uint64_t, void* self)
{
    auto* link = static_cast<HostLink*>(self);
    sd_event_source_set_enabled(link->io_, SD_EVENT_ON);
    return 0;
}

void HostLink::pauseAfterLineError(const char* what, int error)
{
    ++lineErrors_;
    if (lineErrors_ == 1 || lineErrors_ % 60 == 0)
        pgmd::log::warning("host " + host_ + ": serial line " + line_.device() + ": " + what + ": " +
                           std::strerror(error) + "; reading again in 1s");
    sd_event_source_set_enabled(io_, SD_EVENT_OFF);
    std::uint64_t now = 0;
    sd_event_now(event_, CLOCK_MONOTONIC, &now);
    if (retry_ == nullptr)
        check(sd_event_add_time(event_, &retry_, CLOCK_MONOTONIC, now + kLineRetryUsec, 0, &HostLink::onRetry, this),
              "sd_event_add_time");
    else {
        sd_event_source_set_time(retry_, now + kLineRetryUsec);
        sd_event_source_set_enabled(retry_, SD_EVENT_ONESHOT);
    }
}

void HostLink::readAll()
{
    const pgm::serial::Drained drained = pgm::serial::drainLine(line_.fd(), [this](ByteView bytes) {
        bytesIn_ += bytes.size();
        receive(bytes);
    });
    if (drained.error != 0)
        pauseAfterLineError("read error", drained.error);
}

void HostLink::receive(ByteView bytes)
{
    for (const Bytes& body : reader_.feed(bytes)) {
        const std::optional<Nonce> nonce = randomNonce();
        if (!nonce) {
            // Without a fresh nonce no HELLO can be answered safely; drop the frame.
            ++nonceFailures_;
            continue;
        }
        Outcome out = session_.open(body, *nonce);
        if (!out.reply.empty())
            send(out.reply);
        if (out.session == SessionEvent::Established && handlers_.established)
            handlers_.established();
        if (out.accepted() && handlers_.request) {
            Sealed answer = session_.seal(handlers_.request(*out.message));
            if (answer.ok())
                send(answer.frame);
        }
    }
}

void HostLink::send(const Bytes& frame)
{
    if (outgoing_.size() + frame.size() > kOutgoingLimit) {
        ++framesOutDropped_;
        return;
    }
    outgoing_.insert(outgoing_.end(), frame.begin(), frame.end());
    ++framesOut_;
    flush();
}

void HostLink::flush()
{
    while (!outgoing_.empty()) {
        const ssize_t n = write(line_.fd(), outgoing_.data(), outgoing_.size());
        if (n > 0) {
            outgoing_.erase(outgoing_.begin(), outgoing_.begin() + n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN) {
            // A dead line: what is queued would only be stale when it recovers.
            ++lineErrors_;
            outgoing_.clear();
        }
        break;
    }
    updateWatch();
}

void HostLink::updateWatch()
{
    sd_event_source_set_io_events(io_, outgoing_.empty() ? EPOLLIN : (EPOLLIN | EPOLLOUT));
}

Counters HostLink::protocolCounters() const
{
    Counters total = reader_.counters();
    total += session_.counters();
    return total;
}

std::map<std::string, std::uint64_t> HostLink::counters() const
{
    const Counters total = protocolCounters();
    std::map<std::string, std::uint64_t> out{
        {"frames-accepted", total.accepted()},
        {"frames-dropped", total.droppedTotal()},
        {"bytes-in", bytesIn_},
        {"frames-out", framesOut_},
        {"frames-out-dropped", framesOutDropped_},
        {"line-errors", lineErrors_},
        {"nonce-failures", nonceFailures_},
    };
    for (std::size_t i = 0; i < kDropReasonCount; ++i) {
        const auto reason = static_cast<DropReason>(i);
        out["dropped-" + std::string(dropReasonName(reason))] = total.dropped(reason);
    }
    return out;
}

} // namespace icd::daemon
