#pragma once
// The authenticated protocol over a serial line, driven by pgmd's loop:
// bytes read from the line feed the BoardLinkSession, and its heartbeat and status
// timers run on the same loop, so a hung loop means no heartbeats.

#include "board_link_session.hpp"
#include "link.hpp"
#include "common/loop/repeating_timer.hpp"

#include "core/model.hpp"
#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"
#include "common/serial/serial_line.hpp"

#include <optional>

namespace pgmd::boardlink {

class SerialLink final : public Link {
public:
    SerialLink(pgm::EventLoop& loop, const IndependentComputerSpec& spec, icd::Key key, const Clock& clock,
               BoardLinkSession::Listener listener, BoardLinkSession::NonceSource nonces);

    std::string description() const override;
    void start() override;
    void stop(StopReason reason) override;
    LinkSnapshot snapshot() const override;
    std::string requestCycle(icd::RequestReason reason, const std::string& why) override;
    std::string queryStatus() override;
    void setBoardListener(BoardEventListener listener) override;
    std::string fencePeer(icd::HostId target, std::uint16_t activeGroups) override;
    std::string queryPeer(icd::HostId target) override;

private:
    void onReadable(std::uint32_t events);
    void write(const icd::Bytes& frame);
    void report(LinkEvent::Level level, std::string message);

    pgm::EventLoop& loop_;
    const IndependentComputerSpec spec_;
    BoardLinkSession::Listener listener_;
    BoardLinkSession link_;
    std::optional<pgm::serial::SerialLine> port_;
    std::optional<pgm::IoWatch> io_;  // while the line is open
    pgm::RepeatingTimer heartbeat_;
    pgm::RepeatingTimer status_;
    bool writeFailing_ = false; // reported once until a write succeeds again
};

} // namespace pgmd::boardlink
