#pragma once
// icd-fault-proxy's forwarding: two pseudo-terminal links, one per peer,
// and per direction a FrameCutter feeding a seeded FaultyLine that writes to
// the other link. One poll() loop over both masters and the signalfd; it
// wakes only for bytes or a signal, never on a timer.

#include "fault_rates.hpp"
#include "faulty_line.hpp"
#include "frame_cutter.hpp"
#include "frame_log.hpp"
#include "proxy_options.hpp"
#include "proxy_signals.hpp"
#include "pty_link.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace icd::test {

class FaultProxy {
public:
    // Opens both links and makes their symlinks. Throws std::exception
    // naming what failed (the symlinks made so far are removed again).
    explicit FaultProxy(const ProxyOptions& options);

    // "ready host=/dev/pts/N board=/dev/pts/M"
    std::string readyLine() const;
    // Forwards until a stop signal. Throws std::system_error when a link
    // fails in a way a held slave descriptor should have made impossible.
    void run(ProxySignals& signals);
    // "icd-fault-proxy: to-board frames=N faults drop=a ...; to-host frames=M faults ..."
    std::string summary() const;

private:
    struct Direction {
        Direction(std::string_view name, PtyLink& from, PtyLink& to, std::uint32_t seed, std::uint32_t stream,
                  const FaultRates& rates);
        std::string_view name;
        PtyLink& from;
        FrameCutter cutter;
        FaultyLine line;
    };

    // False once a stop signal came.
    bool obey(ProxySignals& signals);
    void forward(Direction& direction, ProxySignals& signals);

    PtyLink host_;
    PtyLink board_;
    FrameLog log_;
    Direction toBoard_;
    Direction toHost_;
    bool stopping_ = false;
};

// Writes all of `bytes` to a non-blocking pty master; what the far side
// cannot take now is lost, as on a serial line nobody reads.
void writeToLine(int fd, ByteView bytes);

} // namespace icd::test
