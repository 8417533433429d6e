#pragma once
// The board's end of one host's serial line on the event loop: bytes in
// through a FrameReader into the host's BoardSession, accepted requests
// handed to the owner, answers sealed and written back. Writes never block:
// a small outgoing buffer absorbs a slow line, and a frame that does not fit
// is dropped and counted (the host resends what matters).

#include "common/loop/event_sources.hpp"
#include "common/serial/serial_line.hpp"
#include "protocol/board_session.hpp"
#include "protocol/frame_reader.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <systemd/sd-event.h>

namespace icd::daemon {

class HostLink {
public:
    struct Handlers {
        // A new session is in use: the host is up (never on a bare HELLO).
        std::function<void()> established;
        // An authentic, new request; the answer to seal and send back.
        std::function<BoardReply(const Message&)> request;
    };

    // Keeps the line open for as long as it lives. Throws std::system_error
    // when the loop cannot watch it.
    HostLink(sd_event* event, std::string host, pgm::serial::SerialLine line, BoardSession session,
             Handlers handlers);
    HostLink(const HostLink&) = delete;
    HostLink& operator=(const HostLink&) = delete;

    // Frame, session and line counters under stable names, for D-Bus.
    std::map<std::string, std::uint64_t> counters() const;
    // The protocol's view only, for STATUS_REPLY.
    Counters protocolCounters() const;

    // For tests and the loop: hand bytes in as if read from the line.
    void receive(ByteView bytes);

private:
    void onIo(std::uint32_t revents);
    void readAll();
    void send(const Bytes& frame);
    void flush();
    void updateWatch();
    void pauseAfterLineError(const char* what, int error);

    std::string host_;
    pgm::serial::SerialLine line_;
    pgm::IoWatch io_;
    pgm::MonotonicTimer retry_;
    FrameReader reader_;
    BoardSession session_;
    Handlers handlers_;
    Bytes outgoing_;
    std::uint64_t bytesIn_ = 0;
    std::uint64_t framesOut_ = 0;
    std::uint64_t framesOutDropped_ = 0;
    std::uint64_t lineErrors_ = 0;
    std::uint64_t nonceFailures_ = 0;
};

} // namespace icd::daemon
