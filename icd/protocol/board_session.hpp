#pragma once
// The board's end of the link to one host: answers HELLOs, checks and
// de-duplicates requests, and seals the answers. No I/O and no clock.
//
// A HELLO does not replace the session in use: its HELLO_ACK opens a
// pending session, which becomes the session in use only when the first
// request under its key arrives. So a recorded HELLO played back to the
// board costs the real host nothing, and "a new session is in use"
// (SessionEvent::Established) is proof that the host is up and holds the key.

#include "body.hpp"
#include "key.hpp"
#include "outcome.hpp"

#include <array>

namespace icd {

class BoardSession {
public:
    BoardSession(HostId host, Key hostKey);

    // `freshNonce` is used only if `body` is a HELLO that starts a new
    // handshake; pass a new random nonce on every call. Send
    // `Outcome::reply` whenever it is not empty.
    Outcome open(ByteView body, const Nonce& freshNonce);

    // The answer to an accepted request. The answers to the last
    // kRememberedRequests requests are kept and sent again, under a new seq,
    // when the host resends one of those requests; so a host may send
    // heartbeats while waiting for the answer to a power request.
    Sealed seal(const BoardReply& reply);

    // An answer may also come later than the request (FENCE_PEER waits for
    // the board's decision): until it is sealed, a resent copy of the request
    // is a duplicate with no reply. Sealed after kRememberedRequests newer
    // requests, it is sent once and a resent copy is a replay.
    static constexpr std::size_t kRememberedRequests = 8;

    // A PEER_NOTICE, sealed in the session in use (NoSession without one).
    // It answers no request and is never sent again by the session: keeping
    // it until the host acknowledges it is the caller's business.
    Sealed sealNotice(const PeerNotice& notice);

    bool established() const { return current_.has_value(); }
    HostId host() const { return host_; }
    const Counters& counters() const { return counters_; }

private:
    struct Handshake {
        Nonce hostNonce{};
        Nonce boardNonce{};
        Key sessionKey;
    };
    // A request accepted (or answered automatically) and how it was answered.
    struct Answered {
        std::uint32_t seq = 0;
        Tag tag{};
        std::optional<BoardReply> reply;
    };
    struct Session {
        Handshake handshake;
        std::uint32_t lastReceived = 0;
        std::uint32_t lastSent = 0;
        std::array<Answered, kRememberedRequests> recent{};
        std::size_t recentCount = 0;

        void remember(std::uint32_t seq, const Tag& tag);
        Answered* find(std::uint32_t seq);
    };

    Outcome openHello(const BodyView& body, const Nonce& freshNonce);
    Outcome openSessionFrame(const BodyView& body);
    Outcome openInSession(Session& session, const BodyView& body);
    Outcome refuseNoSession(const BodyView& body, DropReason reason);
    Outcome answerAutomatically(Session& session, DropReason reason, NakReason nak);
    Bytes helloAck(const Handshake& handshake) const;
    Sealed sealIn(Session& session, const BoardReply& reply);
    Sealed sealPayload(Session& session, const Payload& payload);

    HostId host_;
    Key hostKey_;
    std::optional<Handshake> pending_;
    std::optional<Session> current_;
    Counters counters_;
};

} // namespace icd
