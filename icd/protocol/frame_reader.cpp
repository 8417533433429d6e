#include "frame_reader.hpp"

#include "body.hpp"
#include "cobs.hpp"
#include "wire_format.hpp"

namespace icd {

FrameReader::FrameReader()
{
    fragment_.reserve(kMaxEncodedBodySize);
}

std::vector<Bytes> FrameReader::feed(ByteView chunk)
{
    std::vector<Bytes> bodies;
    for (std::uint8_t byte : chunk) {
        if (byte == kFrameDelimiter) {
            endOfFragment(bodies);
            continue;
        }
        switch (mode_) {
        case Mode::Hunting:
            skippedNoise_ = true;
            break;
        case Mode::Skipping:
            break;
        case Mode::Collecting:
            if (fragment_.size() == kMaxEncodedBodySize) {
                counters_.countDrop(DropReason::Oversize);
                fragment_.clear();
                mode_ = Mode::Skipping;
            } else {
                fragment_.push_back(byte);
            }
            break;
        }
    }
    return bodies;
}

void FrameReader::endOfFragment(std::vector<Bytes>& bodies)
{
    const Mode ended = mode_;
    mode_ = Mode::Collecting;
    if (ended == Mode::Hunting) {
        if (skippedNoise_)
            counters_.countDrop(DropReason::Noise);
        skippedNoise_ = false;
        return;
    }
    if (ended == Mode::Skipping || fragment_.empty())
        return; // oversize already counted; two delimiters in a row are normal

    auto body = cobsDecode(fragment_);
    fragment_.clear();
    if (!body) {
        counters_.countDrop(DropReason::Cobs);
        return;
    }
    if (auto problem = bodySizeProblem(body->size())) {
        counters_.countDrop(*problem);
        return;
    }
    bodies.push_back(std::move(*body));
}

} // namespace icd
