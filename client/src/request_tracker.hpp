#pragma once
// Decides which of pgmd's activation requests reach the application.
//
// Requests come from two places: the ActivationRequested signal, and the
// RequestedState/RequestedIncarnation properties read once at start. The read
// is answered in order with the signals, so whatever arrives later is newer;
// but the read may repeat the request a signal just delivered, and nothing
// must be delivered that the application cannot acknowledge.

#include <pgmd/client.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace pgmd::client {

class RequestTracker {
public:
    // A signal is always passed on (a restarted pgmd may ask again for the
    // same thing, and then wants an answer again), unless its state is not
    // one this library knows.
    std::optional<Activation> fromSignal(std::string_view state, std::uint64_t incarnation);

    // The properties read at start: passed on unless nothing is asked ("" or
    // an unknown state) or it is what was passed on last.
    std::optional<Activation> fromProperties(std::string_view state, std::uint64_t incarnation);

private:
    std::optional<Activation> lastPassedOn_;
};

} // namespace pgmd::client
