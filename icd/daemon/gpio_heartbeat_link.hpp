#pragma once
// Heartbeats over a GPIO input on the event loop: the line's edge events go
// through a GpioHeartbeatDecoder; beats and "dead" verdicts go to the owner.

#include "board/gpio_heartbeat.hpp"
#include "common/gpio/line.hpp"
#include "common/loop/event_sources.hpp"

#include <functional>
#include <memory>
#include <string>

#include <systemd/sd-event.h>

namespace icd::daemon {

class GpioHeartbeatLink {
public:
    struct Handlers {
        std::function<void()> beat;
        std::function<void(const std::string& reason)> lost;
    };

    // Throws InvalidGpioHeartbeatConfig, or std::system_error when the loop
    // cannot watch the line.
    GpioHeartbeatLink(sd_event* event, std::unique_ptr<pgm::gpio::InputLine> line,
                      icd::board::GpioHeartbeatConfig config,
                      Handlers handlers);
    GpioHeartbeatLink(const GpioHeartbeatLink&) = delete;
    GpioHeartbeatLink& operator=(const GpioHeartbeatLink&) = delete;

    std::uint64_t beats() const { return decoder_.beats(); }
    std::uint64_t noiseEdges() const { return decoder_.noiseEdges(); }

private:
    void onDeadline();
    void readEdges();
    void rearm();

    sd_event* event_;
    std::unique_ptr<pgm::gpio::InputLine> line_;
    icd::board::GpioHeartbeatDecoder decoder_;
    Handlers handlers_;
    pgm::IoWatch io_;
    pgm::MonotonicTimer timer_;
};

} // namespace icd::daemon
