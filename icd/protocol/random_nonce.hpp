#pragma once
// A fresh random nonce for a HELLO or a HELLO_ACK. The sessions never call
// this themselves: nonces are passed in, so tests can choose them.

#include "wire_format.hpp"

#include <optional>

namespace icd {

// Nothing if the system's random source failed.
std::optional<Nonce> randomNonce();

} // namespace icd
