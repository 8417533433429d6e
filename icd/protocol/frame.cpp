#include "frame.hpp"

#include "cobs.hpp"
#include "wire_format.hpp"

namespace icd {

Bytes encodeFrame(ByteView body)
{
    const Bytes encoded = cobsEncode(body);
    Bytes frame;
    frame.reserve(encoded.size() + 2);
    frame.push_back(kFrameDelimiter);
    appendBytes(frame, encoded);
    frame.push_back(kFrameDelimiter);
    return frame;
}

} // namespace icd
