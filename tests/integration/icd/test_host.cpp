#include "test_host.hpp"

#include "protocol/random_nonce.hpp"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace icd::test {

namespace {
constexpr auto kBeatEvery = std::chrono::milliseconds(100);
constexpr auto kHelloResend = std::chrono::milliseconds(300);
// No answer to this many beats: the session is gone, open a new one.
constexpr auto kSilenceBeforeNewHello = std::chrono::milliseconds(800);
constexpr auto kRequestResend = std::chrono::milliseconds(150);
}

TestHost::TestHost(const std::string& device, HostId id, Key key)
    : line_(device)
    , session_(id, std::move(key))
{
}

void TestHost::readLine()
{
    std::uint8_t buffer[512];
    for (;;) {
        const ssize_t n = read(line_.fd(), buffer, sizeof buffer);
        if (n <= 0)
            return;
        for (const Bytes& body : reader_.feed(ByteView(buffer, static_cast<std::size_t>(n)))) {
            Outcome out = session_.open(body);
            if (out.session == SessionEvent::Established) {
                lastAck_ = Clock::now();
                ++sessions_;
                answers_.clear();  // seqs start again at 1: old answers would match new requests
            }
            if (!out.accepted() || !out.message)
                continue;
            lastAck_ = Clock::now();
            const Payload& p = out.message->payload;
            if (auto* ack = std::get_if<Ack>(&p)) {
                ++acks_;
                answers_[ack->seq] = *ack;
            } else if (auto* nak = std::get_if<Nak>(&p)) {
                answers_[nak->seq] = *nak;
            } else if (auto* status = std::get_if<StatusReply>(&p)) {
                answers_[status->inReplyTo] = *status;
            } else if (auto* peer = std::get_if<PeerStatus>(&p)) {
                answers_[peer->inReplyTo] = *peer;
            }
        }
    }
}

void TestHost::tick(Clock::time_point now)
{
    if (!beating_)
        return;
    const bool silent = now - lastAck_ > kSilenceBeforeNewHello;
    if (session_.state() != HostSession::State::Established || silent) {
        if (session_.state() == HostSession::State::AwaitingAck && now - lastHello_ < kHelloResend)
            return;
        if (session_.state() != HostSession::State::AwaitingAck || now - lastHello_ > kSilenceBeforeNewHello) {
            helloFrame_ = session_.hello(randomNonce().value()).frame;
            lastAck_ = now;
        }
        lastHello_ = now;
        sendRaw(helloFrame_);
        return;
    }
    if (now - lastBeat_ >= kBeatEvery) {
        lastBeat_ = now;
        Sealed beat = session_.seal(Heartbeat{});
        if (beat.ok())
            sendRaw(beat.frame);
    }
}

bool TestHost::runUntil(std::chrono::milliseconds limit, const std::function<bool()>& until)
{
    const auto deadline = Clock::now() + limit;
    for (;;) {
        if (until())
            return true;
        const auto now = Clock::now();
        if (now >= deadline)
            return false;
        tick(now);
        pollfd pfd{line_.fd(), POLLIN, 0};
        const auto wait = std::min<Clock::duration>(deadline - now, std::chrono::milliseconds(20));
        poll(&pfd, 1, static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count()) + 1);
        if (pfd.revents & POLLIN)
            readLine();
        else if (pfd.revents & POLLHUP)
            poll(nullptr, 0, 20);  // the line's other end is gone (the proxy died): pace the loop
    }
}

std::optional<BoardReply> TestHost::request(const HostRequest& request, std::chrono::milliseconds limit)
{
    const auto deadline = Clock::now() + limit;
    if (!runUntil(limit, [this] { return established(); }))
        return std::nullopt;
    Sealed sealed = session_.seal(request);
    if (!sealed.ok())
        return std::nullopt;
    for (;;) {
        sendRaw(sealed.frame);
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return std::nullopt;
        const auto step = std::min<std::chrono::milliseconds>(left, kRequestResend);
        if (runUntil(step, [&] { return answers_.contains(sealed.seq); }))
            return answers_.at(sealed.seq);
    }
}

Bytes TestHost::sendOnce(const HostRequest& request)
{
    Sealed sealed = session_.seal(request);
    sendRaw(sealed.frame);
    return sealed.frame;
}

void TestHost::sendRaw(ByteView bytes)
{
    // A line that cannot take the bytes now loses them, as a serial line does.
    line_.write(bytes, std::chrono::milliseconds(100));
}

} // namespace icd::test
