#pragma once
// The board's side of the link for tests: a BoardSession that answers every
// request with ACK (or a chosen answer) and records what it accepted.

#include "protocol/board_session.hpp"
#include "protocol/frame_reader.hpp"
#include "protocol/key.hpp"

#include <functional>
#include <optional>
#include <vector>

namespace pgmd::boardlink::test {

inline icd::Key testKey()
{
    const icd::Bytes bytes(32, 0x5a);
    return *icd::Key::fromBytes(bytes);
}

inline icd::Nonce nonceNumber(std::uint8_t n)
{
    icd::Nonce nonce{};
    nonce[0] = n;
    return nonce;
}

class FakeBoard {
public:
    static constexpr icd::HostId kHost = 7;

    // How the board answers an accepted request; ACK unless told otherwise.
    // An accepted request for which `answer` gives nothing is left unanswered.
    std::function<std::optional<icd::BoardReply>(const icd::Message&)> answer = [](const icd::Message& m) -> std::optional<icd::BoardReply> {
        return icd::Ack{m.seq};
    };

    // Feeds bytes from the host; returns the bytes to send back.
    icd::Bytes receive(icd::ByteView bytes)
    {
        icd::Bytes out;
        for (const icd::Bytes& body : reader_.feed(bytes)) {
            ++bodies;
            icd::Outcome o = session_->open(body, nonceNumber(++nonces_));
            if (o.message && o.message->type() == icd::MessageType::Hello)
                ++hellos;
            out.insert(out.end(), o.reply.begin(), o.reply.end());
            if (!o.accepted() || o.message->type() == icd::MessageType::Hello)
                continue;
            accepted.push_back(*o.message);
            const std::optional<icd::BoardReply> answered = answer(*o.message);
            if (silent || !answered)
                continue;
            icd::Sealed reply = session_->seal(*answered);
            out.insert(out.end(), reply.frame.begin(), reply.frame.end());
        }
        return out;
    }

    // A PEER_NOTICE in the session in use, as the board sends it unasked.
    icd::Bytes notice(const icd::PeerNotice& n)
    {
        return session_->sealNotice(n).frame;
    }
    // An answer decided later (FENCE_PEER after the race window).
    icd::Bytes reply(const icd::BoardReply& r)
    {
        return session_->seal(r).frame;
    }

    // A board that lost its sessions, as after a power failure.
    void restart() { session_.emplace(kHost, testKey()); }

    std::size_t count(icd::MessageType type) const
    {
        std::size_t n = 0;
        for (const auto& m : accepted)
            n += m.type() == type;
        return n;
    }

    std::vector<icd::Message> accepted;
    std::size_t hellos = 0;
    std::size_t bodies = 0;
    bool silent = false; // accepts but never answers

private:
    icd::FrameReader reader_;
    std::optional<icd::BoardSession> session_{std::in_place, kHost, testKey()};
    std::uint8_t nonces_ = 100;
};

} // namespace pgmd::boardlink::test
