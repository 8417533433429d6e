#pragma once
// The example service itself: it serves one group with Handshake=bus,
// answering pgmd's requests to become active or standby, and reports a fault
// when asked to. Everything happens on one sd-event loop.

#include "options.hpp"

#include <pgmd/client.hpp>

#include <optional>

#include <systemd/sd-event.h>

namespace example {

class StandbyService {
public:
    // Throws pgmd::client::Error (no group name) or std::system_error.
    StandbyService(sd_event* event, sdbus::IConnection& connection, const Options& options);
    ~StandbyService();
    StandbyService(const StandbyService&) = delete;
    StandbyService& operator=(const StandbyService&) = delete;

    // Subscribes to pgmd's requests and starts the watches. Throws
    // pgmd::client::Error, e.g. when pgmd does not know the group.
    void start();

    // Reports a fault with recovery restart-group; failures are logged.
    void reportFault();

private:
    void onRequest(pgmd::client::RunState state, std::uint64_t incarnation);
    void acknowledge(const pgmd::client::Activation& request);
    void watch(const std::string& group);
    static int onAckDelayElapsed(sd_event_source* source, std::uint64_t usec, void* self);

    Options options_;
    pgmd::client::Application application_;
    pgmd::client::Client client_;
    sd_event_source* ackTimer_ = nullptr;
    // The request the timer is for; a newer request replaces it.
    std::optional<pgmd::client::Activation> delayedRequest_;
};

} // namespace example
