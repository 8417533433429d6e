#pragma once
// A secret key shared by one host and the board. Its bytes are wiped when
// the key goes away.

#include "bytes.hpp"

#include <optional>
#include <utility>

namespace icd {

inline constexpr std::size_t kMinKeySize = 16;
inline constexpr std::size_t kMaxKeySize = 512;

class Key {
public:
    // Nothing unless kMinKeySize <= size <= kMaxKeySize.
    static std::optional<Key> fromBytes(ByteView bytes);

    Key(const Key& other) = default;
    Key(Key&& other) noexcept = default;
    Key& operator=(const Key& other);
    Key& operator=(Key&& other) noexcept;
    ~Key();

    ByteView bytes() const { return bytes_; }

private:
    explicit Key(Bytes bytes) : bytes_(std::move(bytes)) {}
    void wipe() noexcept;

    Bytes bytes_;
};

} // namespace icd
