#include "faulty_line.hpp"

#include <cerrno>
#include <unistd.h>

namespace icd::test {

namespace {
constexpr std::size_t kHistory = 32;
}

bool FaultyLine::chance(double rate)
{
    if (rate <= 0)
        return false;
    const bool hit = std::uniform_real_distribution<double>(0, 1)(random_) < rate;
    faults_ += hit ? 1 : 0;
    return hit;
}

void FaultyLine::sendClean(const Bytes& bytes)
{
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = write(fd_, bytes.data() + done, bytes.size() - done);
        if (n > 0)
            done += static_cast<std::size_t>(n);
        else if (n < 0 && errno == EINTR)
            continue;
        else
            return;  // the board is not listening (restarting): the line loses it
    }
}

void FaultyLine::writeInPieces(const Bytes& bytes)
{
    std::size_t at = 0;
    while (at < bytes.size()) {
        const std::size_t piece = std::uniform_int_distribution<std::size_t>(1, bytes.size() - at)(random_);
        sendClean(Bytes(bytes.begin() + at, bytes.begin() + at + piece));
        at += piece;
    }
}

void FaultyLine::send(const Bytes& frame)
{
    history_.push_back(frame);
    if (history_.size() > kHistory)
        history_.pop_front();

    if (chance(rates_.garbage)) {
        Bytes noise(std::uniform_int_distribution<std::size_t>(1, 40)(random_));
        for (auto& b : noise)
            b = static_cast<std::uint8_t>(random_());
        writeInPieces(noise);
    }
    if (chance(rates_.replay))
        writeInPieces(history_[std::uniform_int_distribution<std::size_t>(0, history_.size() - 1)(random_)]);

    std::optional<Bytes> held = std::move(delayed_);
    delayed_.reset();
    if (chance(rates_.drop)) {
        // lost on the line
    } else if (chance(rates_.delay)) {
        delayed_ = frame;
    } else {
        Bytes out = frame;
        if (chance(rates_.corrupt) && out.size() > 2) {
            const std::size_t at = std::uniform_int_distribution<std::size_t>(1, out.size() - 2)(random_);
            out[at] ^= static_cast<std::uint8_t>(1u << std::uniform_int_distribution<int>(0, 7)(random_));
        }
        writeInPieces(out);
        if (chance(rates_.duplicate))
            writeInPieces(out);
    }
    // A frame held back arrives after a newer one: the board sees it out of order.
    if (held)
        writeInPieces(*held);
}

} // namespace icd::test
