#pragma once
// Loads a host's key from a file. The file holds either hex digits (any
// surrounding whitespace is ignored) or the raw key bytes; it must be a
// regular file, owned by root or by the user reading it, and neither
// readable nor writable by group or others.

#include "key.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace icd {

enum class KeyFileError {
    None,
    CannotOpen,
    NotRegularFile,
    UnsafePermissions,
    UnsafeOwner,
    ReadFailed,
    OddHexDigits,
    TooShort,
    TooLong,
};

std::string_view keyFileErrorName(KeyFileError);

struct KeyFileResult {
    std::optional<Key> key;
    KeyFileError error = KeyFileError::None;
    std::string message; // names the file and what to do; empty on success
};

KeyFileResult loadKeyFile(const std::string& path);

// The content rules alone: hex when every non-space character is a hex
// digit, raw bytes otherwise. A raw random key of 16 bytes or more is all hex
// digits with odds below 1e-17, so the guess is safe.
struct ParsedKey {
    std::optional<Key> key;
    KeyFileError error = KeyFileError::None;
};
ParsedKey parseKeyContents(ByteView contents);

} // namespace icd
