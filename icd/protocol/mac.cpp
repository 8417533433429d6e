#include "mac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <string_view>

namespace icd {

namespace {

// Distinct labels; the zero byte after each keeps label and data apart.
constexpr std::array<std::string_view, 4> kContextLabels = {
    "pgm-icd/1 hello host>board",
    "pgm-icd/1 no-session board>host",
    "pgm-icd/1 session host>board",
    "pgm-icd/1 session board>host",
};
constexpr std::string_view kSessionKeyLabel = "pgm-icd/1 session-key";

void appendLabel(Bytes& out, std::string_view label)
{
    out.insert(out.end(), label.begin(), label.end());
    out.push_back(0);
}

using Digest = std::array<std::uint8_t, 32>;

std::optional<Digest> hmacSha256(ByteView key, ByteView data)
{
    Digest digest{};
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(),
              digest.data(), &length) ||
        length != digest.size())
        return std::nullopt;
    return digest;
}

} // namespace

std::optional<Tag> computeTag(const Key& key, TagContext context, ByteView signedPart)
{
    Bytes input;
    input.reserve(40 + signedPart.size());
    appendLabel(input, kContextLabels[static_cast<std::size_t>(context)]);
    appendBytes(input, signedPart);
    auto digest = hmacSha256(key.bytes(), input);
    if (!digest)
        return std::nullopt;
    Tag tag{};
    std::copy_n(digest->begin(), tag.size(), tag.begin());
    return tag;
}

bool tagVerifies(const Key& key, TagContext context, ByteView signedPart, ByteView receivedTag)
{
    if (receivedTag.size() != kTagSize)
        return false;
    auto expected = computeTag(key, context, signedPart);
    return expected && CRYPTO_memcmp(expected->data(), receivedTag.data(), kTagSize) == 0;
}

std::optional<Key> deriveSessionKey(const Key& hostKey, HostId host, const Nonce& hostNonce,
                                    const Nonce& boardNonce)
{
    Bytes input;
    appendLabel(input, kSessionKeyLabel);
    input.push_back(host);
    appendBytes(input, hostNonce);
    appendBytes(input, boardNonce);
    auto digest = hmacSha256(hostKey.bytes(), input);
    if (!digest)
        return std::nullopt;
    auto key = Key::fromBytes(*digest);
    OPENSSL_cleanse(digest->data(), digest->size());
    return key;
}

} // namespace icd
