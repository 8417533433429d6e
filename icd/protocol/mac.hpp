#pragma once
// Authentication: HMAC-SHA256 truncated to kTagSize bytes, and the session
// key both sides derive from the host key and the two nonces.
//
// Every tag is computed over a context label followed by the body's header
// and payload. The label names the key in use and the direction, so a frame
// can never be reflected back to its sender or moved to another context.

#include "bytes.hpp"
#include "key.hpp"
#include "wire_format.hpp"

#include <optional>

namespace icd {

enum class TagContext : std::uint8_t {
    HelloFromHost,      // host key: HELLO
    NoSessionFromBoard, // host key: NAK_NO_SESSION
    SessionFromHost,    // session key: everything the host sends in a session
    SessionFromBoard,   // session key: HELLO_ACK and every later board frame
};

// Nothing if the MAC could not be computed; callers treat that as "does not
// verify" or "cannot send", never as a tag of zeros.
std::optional<Tag> computeTag(const Key& key, TagContext context, ByteView signedPart);

// Constant-time comparison against a freshly computed tag.
bool tagVerifies(const Key& key, TagContext context, ByteView signedPart, ByteView receivedTag);

// HMAC-SHA256(host key, label | host id | host nonce | board nonce): a frame
// from any earlier session of either side carries a tag under another key.
std::optional<Key> deriveSessionKey(const Key& hostKey, HostId host, const Nonce& hostNonce,
                                    const Nonce& boardNonce);

} // namespace icd
