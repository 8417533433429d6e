#include "frame_cutter.hpp"

#include "protocol/wire_format.hpp"

namespace icd::test {

std::vector<CutPiece> FrameCutter::feed(ByteView chunk)
{
    std::vector<CutPiece> pieces;
    for (std::uint8_t byte : chunk) {
        pending_.push_back(byte);
        const bool delimiter = byte == kFrameDelimiter;
        if (delimiter && pendingHasContent_) {
            pieces.push_back(CutPiece{std::move(pending_), true});
        } else if (pending_.size() >= kHoldLimit) {
            pieces.push_back(CutPiece{std::move(pending_), false});
        } else {
            pendingHasContent_ = pendingHasContent_ || !delimiter;
            continue;
        }
        pending_.clear();
        pendingHasContent_ = false;
    }
    return pieces;
}

} // namespace icd::test
