#include "key.hpp"

#include <openssl/crypto.h>

namespace icd {

std::optional<Key> Key::fromBytes(ByteView bytes)
{
    if (bytes.size() < kMinKeySize || bytes.size() > kMaxKeySize)
        return std::nullopt;
    return Key(Bytes(bytes.begin(), bytes.end()));
}

Key& Key::operator=(const Key& other)
{
    if (this != &other) {
        wipe();
        bytes_ = other.bytes_;
    }
    return *this;
}

Key& Key::operator=(Key&& other) noexcept
{
    if (this != &other) {
        wipe();
        bytes_ = std::move(other.bytes_);
    }
    return *this;
}

Key::~Key()
{
    wipe();
}

void Key::wipe() noexcept
{
    if (!bytes_.empty())
        OPENSSL_cleanse(bytes_.data(), bytes_.size());
}

} // namespace icd
