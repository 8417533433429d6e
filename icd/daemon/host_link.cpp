#include "host_link.hpp"

#include "common/log/journal.hpp"
#include "common/serial/line_drain.hpp"
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
constexpr pgm::Duration kLineRetry = std::chrono::seconds(1);

} // namespace

HostLink::HostLink(sd_event* event, std::string host, pgm::serial::SerialLine line, BoardSession session,
                   Handlers handlers)
    : host_(std::move(host))
    , line_(std::move(line))
    , io_(event, line_.fd(), EPOLLIN, [this](std::uint32_t revents) { onIo(revents); }, "host serial line")
    , retry_(event, [this] { io_.enable(true); }, "host serial line retry")
    , session_(std::move(session))
    , handlers_(std::move(handlers))
{
}

void HostLink::onIo(std::uint32_t revents)
{
    if (revents & EPOLLIN)
        readAll();
    if (revents & EPOLLOUT)
        flush();
    if ((revents & (EPOLLHUP | EPOLLERR)) && !(revents & EPOLLIN))
        pauseAfterLineError("hang-up", EIO);
}

void HostLink::pauseAfterLineError(const char* what, int error)
{
    ++lineErrors_;
    if (lineErrors_ == 1 || lineErrors_ % 60 == 0)
        pgm::log::warning("host " + host_ + ": serial line " + line_.device() + ": " + what + ": " +
                           std::strerror(error) + "; reading again in 1s");
    io_.enable(false);
    retry_.armIn(kLineRetry);
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
        if (out.session == SessionEvent::Established) {
            deferred_.clear();
            if (handlers_.established)
                handlers_.established();
        }
        if (out.accepted() && handlers_.request) {
            // Marked first: the handler may answer at once through answer().
            deferred_.insert(out.message->seq);
            if (const std::optional<BoardReply> reply = handlers_.request(*out.message)) {
                deferred_.erase(out.message->seq);
                sendAnswer(*reply);
            }
        }
    }
}

void HostLink::answer(const BoardReply& reply)
{
    if (deferred_.erase(answeredSeq(reply)) == 0)
        return;
    sendAnswer(reply);
}

void HostLink::sendAnswer(const BoardReply& reply)
{
    const Sealed sealed = session_.seal(reply);
    if (!sealed.ok())
        return;
    send(sealed.frame);
    // Each answer carries the notices still owed, so a lost notice is
    // repeated within a heartbeat interval without a timer of its own.
    if (handlers_.outstandingNotices)
        for (const PeerNotice& notice : handlers_.outstandingNotices())
            notify(notice);
}

bool HostLink::notify(const PeerNotice& notice)
{
    const Sealed sealed = session_.sealNotice(notice);
    if (!sealed.ok())
        return false;
    send(sealed.frame);
    ++noticesSent_;
    return true;
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
    io_.setEvents(outgoing_.empty() ? EPOLLIN : (EPOLLIN | EPOLLOUT));
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
        {"notices-sent", noticesSent_},
    };
    for (std::size_t i = 0; i < kDropReasonCount; ++i) {
        const auto reason = static_cast<DropReason>(i);
        out["dropped-" + std::string(dropReasonName(reason))] = total.dropped(reason);
    }
    return out;
}

} // namespace icd::daemon
