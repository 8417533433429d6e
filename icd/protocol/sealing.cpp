#include "sealing.hpp"

#include "payload_codec.hpp"

#include <algorithm>

namespace icd {

std::optional<SealedBody> sealBody(const Key& key, TagContext context, HostId host, std::uint32_t seq,
                                   const Payload& payload)
{
    Header header;
    header.type = static_cast<std::uint8_t>(typeOf(payload));
    header.host = host;
    header.seq = seq;
    const Bytes encodedPayload = encodePayload(payload);
    const Bytes signedPart = signedPartOf(header, encodedPayload);
    auto tag = computeTag(key, context, signedPart);
    if (!tag)
        return std::nullopt;
    return SealedBody{completeBody(signedPart, *tag), *tag};
}

bool bodyVerifies(const Key& key, TagContext context, const BodyView& body)
{
    return tagVerifies(key, context, body.signedPart, body.tag);
}

Tag tagOf(const BodyView& body)
{
    Tag tag{};
    std::copy_n(body.tag.begin(), tag.size(), tag.begin());
    return tag;
}

std::optional<Message> messageOf(const BodyView& body)
{
    if (body.header.flags != 0 || !isKnownMessageType(body.header.type))
        return std::nullopt;
    auto payload = decodePayload(static_cast<MessageType>(body.header.type), body.payload);
    if (!payload)
        return std::nullopt;
    return Message{body.header.host, body.header.seq, std::move(*payload)};
}

Outcome dropped(DropReason reason)
{
    Outcome outcome;
    outcome.verdict = reason == DropReason::Duplicate ? Verdict::Duplicate : Verdict::Dropped;
    outcome.reason = reason;
    return outcome;
}

Outcome acceptedMessage(Message message)
{
    Outcome outcome;
    outcome.verdict = Verdict::Accepted;
    outcome.message = std::move(message);
    return outcome;
}

} // namespace icd
