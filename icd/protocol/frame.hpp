#pragma once
// A body as it goes on the line: 00 | COBS(body) | 00. The leading zero lets
// a receiver that started mid-frame, or lost bytes to noise, resynchronise
// on the very next frame.

#include "bytes.hpp"

namespace icd {

Bytes encodeFrame(ByteView body);

} // namespace icd
