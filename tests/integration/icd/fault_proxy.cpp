#include "fault_proxy.hpp"

#include <array>
#include <cerrno>
#include <ctime>
#include <poll.h>
#include <system_error>
#include <unistd.h>

namespace icd::test {

namespace {

// Seed streams: the two directions draw different faults from one --seed.
constexpr std::uint32_t kToBoardStream = 1;
constexpr std::uint32_t kToHostStream = 2;
constexpr std::size_t kReadChunk = 4096;

std::uint64_t monotonicNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::uint64_t>(now.tv_sec) * 1000000000u + static_cast<std::uint64_t>(now.tv_nsec);
}

std::string directionSummary(std::string_view name, const FaultyLine& line)
{
    std::string text = std::string(name) + " frames=" + std::to_string(line.frames()) + " faults";
    for (FaultKind kind : kFaultKinds)
        text += " " + std::string(faultKindName(kind)) + "=" + std::to_string(line.counts()[kind]);
    return text;
}

} // namespace

void writeToLine(int fd, ByteView bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = write(fd, bytes.data(), bytes.size());
        if (n > 0)
            bytes = bytes.subspan(static_cast<std::size_t>(n));
        else if (n < 0 && errno == EINTR)
            continue;
        else
            return;
    }
}

FaultProxy::Direction::Direction(std::string_view name_, PtyLink& from_, PtyLink& to_, std::uint32_t seed,
                                 std::uint32_t stream, const FaultRates& rates)
    : name(name_)
    , from(from_)
    , line([fd = to_.master()](ByteView bytes) { writeToLine(fd, bytes); }, seed, stream)
{
    line.setFaults(rates);
}

FaultProxy::FaultProxy(const ProxyOptions& options)
    : host_("host link")
    , board_("board link")
    , log_(options.logFile)
    , toBoard_("to-board", host_, board_, options.seed, kToBoardStream, options.toBoard)
    , toHost_("to-host", board_, host_, options.seed, kToHostStream, options.toHost)
{
    host_.linkAt(options.hostLink);
    board_.linkAt(options.boardLink);
}

std::string FaultProxy::readyLine() const
{
    return "ready host=" + host_.slavePath() + " board=" + board_.slavePath();
}

std::string FaultProxy::summary() const
{
    return "icd-fault-proxy: " + directionSummary(toBoard_.name, toBoard_.line) + "; " +
           directionSummary(toHost_.name, toHost_.line);
}

bool FaultProxy::obey(ProxySignals& signals)
{
    for (ProxyCommand command : signals.take()) {
        switch (command) {
        case ProxyCommand::Stop:
            stopping_ = true;
            break;
        case ProxyCommand::PauseFaults:
            toBoard_.line.pause();
            toHost_.line.pause();
            break;
        case ProxyCommand::ResumeFaults:
            toBoard_.line.resume();
            toHost_.line.resume();
            break;
        }
    }
    return !stopping_;
}

void FaultProxy::forward(Direction& direction, ProxySignals& signals)
{
    std::array<std::uint8_t, kReadChunk> buffer{};
    const ssize_t n = read(direction.from.master(), buffer.data(), buffer.size());
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n < 0)
        throw std::system_error(errno, std::generic_category(), direction.from.name() + ": read");
    const std::uint64_t arrived = monotonicNs();
    // A pause or resume signalled before these bytes were written applies to
    // them, even when the signal and the bytes became ready in one wake-up.
    obey(signals);
    for (CutPiece& piece : direction.cutter.feed(ByteView(buffer.data(), static_cast<std::size_t>(n)))) {
        // Logged once passed on, so that a reader of the log may expect the
        // bytes on the far side.
        std::vector<FaultKind> faults;
        if (piece.framed)
            faults = direction.line.send(piece.bytes);
        else
            direction.line.sendClean(piece.bytes);
        log_.record(arrived, direction.name, piece.bytes, faults);
    }
}

void FaultProxy::run(ProxySignals& signals)
{
    std::array<pollfd, 3> watched{{
        {signals.fd(), POLLIN, 0},
        {host_.master(), POLLIN, 0},
        {board_.master(), POLLIN, 0},
    }};
    const std::array<Direction*, 3> directionOf{nullptr, &toBoard_, &toHost_};
    while (obey(signals)) {
        if (poll(watched.data(), watched.size(), -1) < 0) {
            if (errno == EINTR)
                continue;
            throw std::system_error(errno, std::generic_category(), "poll");
        }
        for (std::size_t i = 1; i < watched.size(); ++i) {
            const short events = watched[i].revents;
            if (events & POLLIN)
                forward(*directionOf[i], signals);
            else if (events & (POLLHUP | POLLERR | POLLNVAL))
                // Cannot happen while the slave descriptor is held; going on would spin.
                throw std::system_error(EIO, std::generic_category(), directionOf[i]->from.name() + ": hang-up");
        }
    }
}

} // namespace icd::test
