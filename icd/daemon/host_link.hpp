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
#include <set>
#include <string>
#include <vector>

#include <systemd/sd-event.h>

namespace icd::daemon {

class HostLink {
public:
    struct Handlers {
        // A new session is in use: the host is up (never on a bare HELLO).
        std::function<void()> established;
        // An authentic, new request; the answer to seal and send back now,
        // or nullopt when it comes later, through answer().
        std::function<std::optional<BoardReply>(const Message&)> request;
        // The notices the host has not acknowledged: sent again after every
        // answer (the first request of each new session included).
        std::function<std::vector<PeerNotice>()> outstandingNotices;
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

    // An answer decided after the request's handler returned (FENCE_PEER).
    // Sent only while the session that carried the request is in use: in a
    // newer session its seq would name another request.
    void answer(const BoardReply& reply);
    // A notice, sent at once if a session is in use; false if none is (the
    // board keeps it, and it goes out after the host's next answer).
    bool notify(const PeerNotice& notice);
    std::uint64_t noticesSent() const { return noticesSent_; }

private:
    void onIo(std::uint32_t revents);
    void readAll();
    void send(const Bytes& frame);
    void sendAnswer(const BoardReply& reply);
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
    std::uint64_t noticesSent_ = 0;
    // Requests of the session in use whose answer comes later.
    std::set<std::uint32_t> deferred_;
};

} // namespace icd::daemon
