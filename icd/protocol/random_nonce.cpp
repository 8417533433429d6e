#include "random_nonce.hpp"

#include <openssl/rand.h>

namespace icd {

std::optional<Nonce> randomNonce()
{
    Nonce nonce{};
    if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1)
        return std::nullopt;
    return nonce;
}

} // namespace icd
