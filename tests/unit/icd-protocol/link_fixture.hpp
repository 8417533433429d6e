#pragma once
// A host and a board session wired back to back, with fixed keys and nonces,
// so each test can script a conversation and check every outcome.

#include "protocol/board_session.hpp"
#include "protocol/body.hpp"
#include "protocol/crc32c.hpp"
#include "protocol/frame.hpp"
#include "protocol/frame_reader.hpp"
#include "protocol/host_session.hpp"
#include "protocol/mac.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace icd::test {

inline Key keyFromSeed(std::uint8_t seed)
{
    Bytes bytes(32);
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<std::uint8_t>(seed * 31 + i * 7 + 1);
    return *Key::fromBytes(bytes);
}

inline Key testKey()
{
    return keyFromSeed(1);
}

inline Nonce nonceFromSeed(std::uint8_t seed)
{
    Nonce nonce{};
    for (std::size_t i = 0; i < nonce.size(); ++i)
        nonce[i] = static_cast<std::uint8_t>(seed + i * 13);
    return nonce;
}

// The bodies a fresh reader finds in `bytes`.
inline std::vector<Bytes> bodiesIn(const Bytes& bytes)
{
    FrameReader reader;
    return reader.feed(bytes);
}

// The one body of a frame produced by a session.
inline Bytes bodyOf(const Bytes& frame)
{
    auto bodies = bodiesIn(frame);
    EXPECT_EQ(bodies.size(), 1u);
    return bodies.empty() ? Bytes{} : bodies.front();
}

// Rewrites the CRC of a body after a test changed it on purpose, so the
// change reaches the checks behind the CRC.
inline Bytes withFreshCrc(Bytes body)
{
    if (body.size() < kCrcSize)
        return body;
    body.resize(body.size() - kCrcSize);
    appendU32le(body, crc32c(body));
    return body;
}

// A body with any header and payload, tagged under `key`: what only a holder
// of the key could send, used to reach the checks behind the tag.
inline Bytes authenticBody(const Key& key, TagContext context, const Header& header, ByteView payload)
{
    const Bytes signedPart = signedPartOf(header, payload);
    return completeBody(signedPart, *computeTag(key, context, signedPart));
}

class Link {
public:
    static constexpr HostId kHost = 7;

    Link() : host_(std::make_unique<HostSession>(kHost, testKey())), board_(std::make_unique<BoardSession>(kHost, testKey())) {}

    HostSession& host() { return *host_; }
    BoardSession& board() { return *board_; }

    Nonce freshNonce() { return nonceFromSeed(nextNonceSeed_++); }

    Outcome toBoard(const Bytes& frame) { return board_->open(bodyOf(frame), freshNonce()); }
    Outcome toHost(const Bytes& frame) { return host_->open(bodyOf(frame)); }

    // HELLO, HELLO_ACK, then one heartbeat and its ACK, which puts the new
    // session in use on the board. Returns the HELLO frame.
    Bytes establish()
    {
        hostNonce_ = freshNonce();
        Sealed hello = host_->hello(hostNonce_);
        EXPECT_TRUE(hello.ok());
        boardNonce_ = nonceFromSeed(nextNonceSeed_);
        Outcome atBoard = toBoard(hello.frame);
        EXPECT_EQ(atBoard.verdict, Verdict::Accepted);
        Outcome atHost = toHost(atBoard.reply);
        EXPECT_EQ(atHost.session, SessionEvent::Established);

        Sealed beat = host_->seal(Heartbeat{});
        Outcome beatAtBoard = toBoard(beat.frame);
        EXPECT_TRUE(beatAtBoard.accepted());
        EXPECT_EQ(beatAtBoard.session, SessionEvent::Established);
        Outcome ack = toHost(board_->seal(Ack{beat.seq}).frame);
        EXPECT_TRUE(ack.accepted());
        return hello.frame;
    }

    // Sends a request and returns how the board took it.
    Outcome request(const HostRequest& request, Bytes* frame = nullptr)
    {
        Sealed sealed = host_->seal(request);
        EXPECT_TRUE(sealed.ok()) << sealErrorName(sealed.error);
        if (frame)
            *frame = sealed.frame;
        return toBoard(sealed.frame);
    }

    // The session key in use, known here because the test chose the nonces.
    Key sessionKey() const { return *deriveSessionKey(testKey(), kHost, hostNonce_, boardNonce_); }

    void restartBoard() { board_ = std::make_unique<BoardSession>(kHost, testKey()); }
    void restartHost() { host_ = std::make_unique<HostSession>(kHost, testKey()); }

private:
    std::unique_ptr<HostSession> host_;
    std::unique_ptr<BoardSession> board_;
    std::uint8_t nextNonceSeed_ = 0x20;
    Nonce hostNonce_{};
    Nonce boardNonce_{};
};

} // namespace icd::test
