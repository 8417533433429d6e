#pragma once
// Cuts a byte stream, read in chunks of any size, into frames at the 0x00
// delimiters, so that faults hit whole frames. A frame runs from the first
// byte after the previous frame up to and including the delimiter that ends
// it (leading delimiters included). Bytes without a delimiter are held until
// one comes, but never more than kHoldLimit: then they go on as they are,
// as noise, because a line that carries noise must deliver it as noise.

#include "protocol/bytes.hpp"

#include <cstddef>
#include <vector>

namespace icd::test {

struct CutPiece {
    Bytes bytes;
    bool framed = true;  // false: held bytes passed on at the limit
};

class FrameCutter {
public:
    static constexpr std::size_t kHoldLimit = 4096;

    std::vector<CutPiece> feed(ByteView chunk);
    std::size_t held() const { return pending_.size(); }

private:
    Bytes pending_;
    bool pendingHasContent_ = false;  // a byte other than the delimiter
};

} // namespace icd::test
