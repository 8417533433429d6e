#pragma once
// A host as pgmd would be on the other end of the line, built on
// icd::HostSession: it opens sessions, heartbeats, sends requests until they
// are answered, and reads the board's answers. Single-threaded: it runs only
// while the test calls run().

#include "serial_peer.hpp"

#include "protocol/frame_reader.hpp"
#include "protocol/host_session.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>

namespace icd::test {

using Clock = std::chrono::steady_clock;

class TestHost {
public:
    // `device`: the host's end of the serial line.
    TestHost(const std::string& device, HostId id, Key key);

    void setBeating(bool on) { beating_ = on; }

    // Runs the line until `until` returns true or the time is up; false on timeout.
    bool runUntil(std::chrono::milliseconds limit, const std::function<bool()>& until);
    void runFor(std::chrono::milliseconds span) { runUntil(span, [] { return false; }); }

    // Sends a request (resending the same frame) until the board answers it.
    std::optional<BoardReply> request(const HostRequest& request, std::chrono::milliseconds limit);
    // A sealed request kept for later replay, sent once.
    Bytes sendOnce(const HostRequest& request);
    // Exactly these bytes (forged, replayed or broken frames the test builds itself).
    void sendRaw(ByteView bytes);

    bool established() const { return session_.state() == HostSession::State::Established; }
    std::uint64_t acks() const { return acks_; }
    // Sessions the board answered, e.g. a new one after the board restarted.
    std::uint64_t sessions() const { return sessions_; }
    const Counters& counters() const { return session_.counters(); }
    const Counters& readerCounters() const { return reader_.counters(); }

private:
    void readLine();
    void tick(Clock::time_point now);

    SerialPeer line_;
    HostSession session_;
    FrameReader reader_;
    bool beating_ = true;
    Bytes helloFrame_;
    Clock::time_point lastHello_{};
    Clock::time_point lastBeat_{};
    Clock::time_point lastAck_{};
    std::map<std::uint32_t, BoardReply> answers_;
    std::uint64_t acks_ = 0;
    std::uint64_t sessions_ = 0;
};

} // namespace icd::test
