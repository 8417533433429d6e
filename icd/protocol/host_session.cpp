#include "host_session.hpp"

#include "frame.hpp"
#include "payload_codec.hpp"
#include "sealing.hpp"
#include "sequence.hpp"
#include "session_intake.hpp"

#include <algorithm>

namespace icd {

HostSession::HostSession(HostId host, Key hostKey) : host_(host), hostKey_(std::move(hostKey)) {}

Sealed HostSession::hello(const Nonce& hostNonce)
{
    forgetSession();
    state_ = State::AwaitingAck;
    hostNonce_ = hostNonce;
    auto sealed = sealBody(hostKey_, TagContext::HelloFromHost, host_, kHandshakeSeq, Hello{hostNonce});
    if (!sealed)
        return Sealed{SealError::Crypto, kHandshakeSeq, {}};
    return Sealed{SealError::None, kHandshakeSeq, encodeFrame(sealed->body)};
}

Sealed HostSession::seal(const HostRequest& request)
{
    if (state_ != State::Established)
        return Sealed{SealError::NoSession, 0, {}};
    const auto seq = nextSeq(lastSent_);
    if (!seq)
        return Sealed{SealError::SeqExhausted, 0, {}};
    auto sealed = sealBody(*sessionKey_, TagContext::SessionFromHost, host_, *seq, toPayload(request));
    if (!sealed)
        return Sealed{SealError::Crypto, 0, {}};
    lastSent_ = *seq;
    recentlySent_[recentlySentCount_++ % kRememberedFrames] = SentFrame{*seq, sealed->tag};
    return Sealed{SealError::None, *seq, encodeFrame(sealed->body)};
}

Outcome HostSession::open(ByteView body)
{
    return openCounted(body, host_, counters_, [&](const BodyView& view) {
        switch (static_cast<MessageType>(view.header.type)) {
        case MessageType::HelloAck:
            return openHelloAck(view);
        case MessageType::NakNoSession:
            return openNakNoSession(view);
        default:
            return openSessionFrame(view);
        }
    });
}

Outcome HostSession::openHelloAck(const BodyView& body)
{
    if (state_ == State::Idle)
        return dropped(DropReason::NoSession);
    // The board nonce inside is part of the key, so the payload is read first.
    auto payload = decodePayload(MessageType::HelloAck, body.payload);
    if (!payload)
        return dropped(DropReason::Malformed);
    const auto& ack = std::get<HelloAck>(*payload);
    if (ack.hostNonce != hostNonce_)
        return dropped(DropReason::Replay); // answers an earlier HELLO

    auto key = deriveSessionKey(hostKey_, host_, ack.hostNonce, ack.boardNonce);
    if (!key || !bodyVerifies(*key, TagContext::SessionFromBoard, body))
        return dropped(DropReason::Tag);
    auto message = messageOf(body);
    if (!message || body.header.seq != kHandshakeSeq)
        return dropped(DropReason::Malformed);

    if (state_ == State::Established) {
        // The first HELLO_ACK wins; a second one for the same HELLO is a
        // retransmission, or a board that lost the first session in between,
        // which the next request will find out (NAK_NO_SESSION or silence).
        return dropped(ack.boardNonce == boardNonce_ ? DropReason::Duplicate : DropReason::Replay);
    }
    state_ = State::Established;
    boardNonce_ = ack.boardNonce;
    sessionKey_ = std::move(key);
    Outcome outcome = acceptedMessage(std::move(*message));
    outcome.session = SessionEvent::Established;
    return outcome;
}

Outcome HostSession::openNakNoSession(const BodyView& body)
{
    if (!bodyVerifies(hostKey_, TagContext::NoSessionFromBoard, body))
        return dropped(DropReason::Tag);
    auto message = messageOf(body);
    if (!message || body.header.seq != kHandshakeSeq)
        return dropped(DropReason::Malformed);
    if (state_ != State::Established)
        return dropped(DropReason::NoSession);
    // Signed with the long-term key, so it could be a recording: only one
    // naming a frame of this session is believed.
    const auto& nak = std::get<NakNoSession>(message->payload);
    if (!sentRecently(nak.rejectedSeq, nak.rejectedTag))
        return dropped(DropReason::Replay);
    forgetSession();
    Outcome outcome = acceptedMessage(std::move(*message));
    outcome.session = SessionEvent::Lost;
    return outcome;
}

Outcome HostSession::openSessionFrame(const BodyView& body)
{
    if (state_ != State::Established)
        return dropped(DropReason::NoSession);
    if (!bodyVerifies(*sessionKey_, TagContext::SessionFromBoard, body))
        return dropped(DropReason::Tag);
    // The board never sends a seq twice: it reseals a repeated answer.
    if (compareSeq(lastReceived_, body.header.seq) != SeqOrder::Newer)
        return dropped(DropReason::Replay);
    lastReceived_ = body.header.seq;

    if (!isKnownMessageType(body.header.type))
        return dropped(DropReason::UnknownType);
    // PEER_NOTICE comes unasked, in the same seq order as the answers; the
    // caller tells the two apart by type (a notice answers no request).
    const auto type = static_cast<MessageType>(body.header.type);
    if (!isBoardReply(type) && !isBoardNotice(type))
        return dropped(DropReason::Unexpected);
    auto message = messageOf(body);
    if (!message)
        return dropped(DropReason::Malformed);
    return acceptedMessage(std::move(*message));
}

void HostSession::forgetSession()
{
    state_ = State::Idle;
    sessionKey_.reset();
    boardNonce_ = {};
    lastSent_ = 0;
    lastReceived_ = 0;
    recentlySent_ = {};
    recentlySentCount_ = 0;
}

bool HostSession::sentRecently(std::uint32_t seq, const Tag& tag) const
{
    const std::size_t remembered = std::min(recentlySentCount_, kRememberedFrames);
    for (std::size_t i = 0; i < remembered; ++i)
        if (recentlySent_[i].seq == seq && recentlySent_[i].tag == tag)
            return true;
    return false;
}

} // namespace icd
