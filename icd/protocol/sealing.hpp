#pragma once
// Builds and checks authenticated bodies: header, payload, tag, CRC.

#include "body.hpp"
#include "mac.hpp"
#include "messages.hpp"
#include "outcome.hpp"

#include <optional>

namespace icd {

struct SealedBody {
    Bytes body;
    Tag tag;
};

// Nothing only if the MAC could not be computed.
std::optional<SealedBody> sealBody(const Key& key, TagContext context, HostId host, std::uint32_t seq,
                                   const Payload& payload);

bool bodyVerifies(const Key& key, TagContext context, const BodyView& body);

Tag tagOf(const BodyView& body);

// The typed message of a body: nothing unless its flags are clear, its type
// known and its payload decodes strictly.
std::optional<Message> messageOf(const BodyView& body);

Outcome dropped(DropReason reason);
Outcome acceptedMessage(Message message);

} // namespace icd
