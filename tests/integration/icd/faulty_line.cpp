#include "faulty_line.hpp"

#include <algorithm>

namespace icd::test {

namespace {
// Frames a replay may pick from.
constexpr std::size_t kHistory = 32;
constexpr std::size_t kMaxGarbage = 40;

std::mt19937 seeded(std::uint32_t seed, std::uint32_t stream)
{
    std::seed_seq sequence{seed, stream};
    return std::mt19937(sequence);
}
} // namespace

FaultyLine::FaultyLine(Write write, std::uint32_t seed, std::uint32_t stream)
    : write_(std::move(write))
    , random_(seeded(seed, stream))
{
}

void FaultyLine::pause()
{
    paused_ = true;
    if (held_) {
        const Bytes late = std::move(*held_);
        held_.reset();
        write_(late);
    }
}

bool FaultyLine::chance(FaultKind kind, std::vector<FaultKind>& applied)
{
    // No draw for a kind that is off: a clean line consumes no randomness.
    if (paused_ || rates_[kind] <= 0)
        return false;
    if (std::uniform_real_distribution<double>(0, 1)(random_) >= rates_[kind])
        return false;
    applied.push_back(kind);
    return true;
}

std::size_t FaultyLine::pick(std::size_t low, std::size_t high)
{
    return std::uniform_int_distribution<std::size_t>(low, high)(random_);
}

void FaultyLine::put(ByteView bytes, std::vector<FaultKind>& applied)
{
    if (bytes.size() < 2 || !chance(FaultKind::Split, applied)) {
        write_(bytes);
        return;
    }
    // At least two pieces: the first stops short of the end.
    std::size_t at = 0;
    std::size_t piece = pick(1, bytes.size() - 1);
    while (at < bytes.size()) {
        write_(bytes.subspan(at, piece));
        at += piece;
        if (at < bytes.size())
            piece = pick(1, bytes.size() - at);
    }
}

Bytes FaultyLine::garbage()
{
    Bytes noise(pick(1, kMaxGarbage));
    for (auto& byte : noise)
        byte = static_cast<std::uint8_t>(random_());
    return noise;
}

Bytes FaultyLine::corrupted(ByteView frame)
{
    Bytes out(frame.begin(), frame.end());
    if (out.size() > 2) {
        // Inside the frame, so that its edges stay where they were.
        const std::size_t at = pick(1, out.size() - 2);
        out[at] ^= static_cast<std::uint8_t>(1u << pick(0, 7));
    }
    return out;
}

std::vector<FaultKind> FaultyLine::send(ByteView frame)
{
    ++frames_;
    history_.emplace_back(frame.begin(), frame.end());
    if (history_.size() > kHistory)
        history_.pop_front();

    std::vector<FaultKind> applied;
    if (chance(FaultKind::Garbage, applied))
        write_(garbage());
    if (chance(FaultKind::Replay, applied))
        put(history_[pick(0, history_.size() - 1)], applied);

    std::optional<Bytes> late = std::move(held_);
    held_.reset();
    if (chance(FaultKind::Drop, applied)) {
        // lost on the line
    } else if (chance(FaultKind::Delay, applied)) {
        held_.emplace(frame.begin(), frame.end());
    } else {
        const bool corrupt = chance(FaultKind::Corrupt, applied);
        const Bytes out = corrupt ? corrupted(frame) : Bytes(frame.begin(), frame.end());
        put(out, applied);
        if (chance(FaultKind::Duplicate, applied))
            put(out, applied);
    }
    // A frame held back arrives after a newer one: the far end sees it out of order.
    if (late)
        put(*late, applied);
    // A kind applied twice to one frame (split) is listed and counted once:
    // the counts say how many frames each kind hit.
    std::vector<FaultKind> listed;
    for (FaultKind kind : applied)
        if (std::find(listed.begin(), listed.end(), kind) == listed.end()) {
            listed.push_back(kind);
            counts_.add(kind);
        }
    return listed;
}

} // namespace icd::test
