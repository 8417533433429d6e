#include "board_session.hpp"

#include "frame.hpp"
#include "payload_codec.hpp"
#include "sealing.hpp"
#include "sequence.hpp"
#include "session_intake.hpp"

#include <algorithm>

namespace icd {

BoardSession::BoardSession(HostId host, Key hostKey) : host_(host), hostKey_(std::move(hostKey)) {}

Outcome BoardSession::open(ByteView body, const Nonce& freshNonce)
{
    return openCounted(body, host_, counters_, [&](const BodyView& view) {
        if (view.header.type == static_cast<std::uint8_t>(MessageType::Hello))
            return openHello(view, freshNonce);
        return openSessionFrame(view);
    });
}

Sealed BoardSession::seal(const BoardReply& reply)
{
    if (!current_)
        return Sealed{SealError::NoSession, 0, {}};
    return sealIn(*current_, reply);
}

Outcome BoardSession::openHello(const BodyView& body, const Nonce& freshNonce)
{
    if (!bodyVerifies(hostKey_, TagContext::HelloFromHost, body))
        return dropped(DropReason::Tag);
    auto message = messageOf(body);
    if (!message || body.header.seq != kHandshakeSeq)
        return dropped(DropReason::Malformed);
    const Nonce& hostNonce = std::get<Hello>(message->payload).hostNonce;

    // A retransmitted HELLO gets the same HELLO_ACK: a second board nonce
    // would leave the host and the board on different keys.
    for (const Handshake* known : {current_ ? &current_->handshake : nullptr, pending_ ? &*pending_ : nullptr}) {
        if (known && known->hostNonce == hostNonce) {
            Outcome outcome = dropped(DropReason::Duplicate);
            outcome.reply = helloAck(*known);
            return outcome;
        }
    }

    auto key = deriveSessionKey(hostKey_, host_, hostNonce, freshNonce);
    if (!key)
        return dropped(DropReason::NoSession); // cannot start one
    pending_.emplace(Handshake{hostNonce, freshNonce, std::move(*key)});
    Outcome outcome = acceptedMessage(std::move(*message));
    outcome.reply = helloAck(*pending_);
    return outcome;
}

Outcome BoardSession::openSessionFrame(const BodyView& body)
{
    if (current_ && bodyVerifies(current_->handshake.sessionKey, TagContext::SessionFromHost, body))
        return openInSession(*current_, body);

    if (pending_ && bodyVerifies(pending_->sessionKey, TagContext::SessionFromHost, body)) {
        if (compareSeq(0, body.header.seq) != SeqOrder::Newer)
            return dropped(DropReason::Replay);
        // The host holds the pending key, so it is this host, up now: its
        // new session replaces the old one, whose frames stop verifying.
        current_.emplace(Session{std::move(*pending_)});
        pending_.reset();
        Outcome outcome = openInSession(*current_, body);
        outcome.session = SessionEvent::Established;
        return outcome;
    }

    return refuseNoSession(body, current_ || pending_ ? DropReason::Tag : DropReason::NoSession);
}

Outcome BoardSession::openInSession(Session& session, const BodyView& body)
{
    if (compareSeq(session.lastReceived, body.header.seq) != SeqOrder::Newer) {
        // The same seq and the same tag: the host resent a recent request.
        // Anything else under a seq already used is not the host's.
        Answered* earlier = session.find(body.header.seq);
        if (!earlier || earlier->tag != tagOf(body))
            return dropped(DropReason::Replay);
        Outcome outcome = dropped(DropReason::Duplicate);
        if (earlier->reply)
            outcome.reply = sealIn(session, *earlier->reply).frame;
        return outcome;
    }

    session.lastReceived = body.header.seq;
    session.remember(body.header.seq, tagOf(body));

    if (!isKnownMessageType(body.header.type))
        return answerAutomatically(session, DropReason::UnknownType, NakReason::UnknownType);
    if (!isHostRequest(static_cast<MessageType>(body.header.type)))
        return answerAutomatically(session, DropReason::Unexpected, NakReason::UnknownType);
    auto message = messageOf(body);
    if (!message)
        return answerAutomatically(session, DropReason::Malformed, NakReason::Malformed);
    return acceptedMessage(std::move(*message));
}

Outcome BoardSession::refuseNoSession(const BodyView& body, DropReason reason)
{
    // Tells the host to HELLO again. It names the refused frame, so the host
    // believes it only for a frame of its current session.
    Outcome outcome = dropped(reason);
    auto sealed = sealBody(hostKey_, TagContext::NoSessionFromBoard, host_, kHandshakeSeq,
                           NakNoSession{body.header.seq, tagOf(body)});
    if (sealed)
        outcome.reply = encodeFrame(sealed->body);
    return outcome;
}

Outcome BoardSession::answerAutomatically(Session& session, DropReason reason, NakReason nak)
{
    // Authentic, so the host is told why nothing happens (e.g. a newer host
    // talking to an older board) instead of retrying forever.
    Outcome outcome = dropped(reason);
    outcome.reply = sealIn(session, Nak{session.lastReceived, nak}).frame;
    return outcome;
}

Bytes BoardSession::helloAck(const Handshake& handshake) const
{
    auto sealed = sealBody(handshake.sessionKey, TagContext::SessionFromBoard, host_, kHandshakeSeq,
                           HelloAck{handshake.hostNonce, handshake.boardNonce});
    return sealed ? encodeFrame(sealed->body) : Bytes{};
}

Sealed BoardSession::sealNotice(const PeerNotice& notice)
{
    if (!current_)
        return Sealed{SealError::NoSession, 0, {}};
    return sealPayload(*current_, notice);
}

Sealed BoardSession::sealIn(Session& session, const BoardReply& reply)
{
    Sealed sealed = sealPayload(session, toPayload(reply));
    if (!sealed.ok())
        return sealed;
    if (Answered* request = session.find(answeredSeq(reply)))
        request->reply = reply;
    return sealed;
}

Sealed BoardSession::sealPayload(Session& session, const Payload& payload)
{
    const auto seq = nextSeq(session.lastSent);
    if (!seq)
        return Sealed{SealError::SeqExhausted, 0, {}};
    auto sealed = sealBody(session.handshake.sessionKey, TagContext::SessionFromBoard, host_, *seq, payload);
    if (!sealed)
        return Sealed{SealError::Crypto, 0, {}};
    session.lastSent = *seq;
    return Sealed{SealError::None, *seq, encodeFrame(sealed->body)};
}

void BoardSession::Session::remember(std::uint32_t seq, const Tag& tag)
{
    recent[recentCount++ % recent.size()] = Answered{seq, tag, std::nullopt};
}

BoardSession::Answered* BoardSession::Session::find(std::uint32_t seq)
{
    const std::size_t remembered = std::min(recentCount, recent.size());
    for (std::size_t i = 0; i < remembered; ++i)
        if (recent[i].seq == seq)
            return &recent[i];
    return nullptr;
}

} // namespace icd
