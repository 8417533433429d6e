#include "request_tracker.hpp"

namespace pgmd::client {

std::optional<Activation> RequestTracker::fromSignal(std::string_view state, std::uint64_t incarnation)
{
    auto runState = parseRunState(state);
    if (!runState)
        return std::nullopt;
    lastPassedOn_ = Activation{*runState, incarnation};
    return lastPassedOn_;
}

std::optional<Activation> RequestTracker::fromProperties(std::string_view state, std::uint64_t incarnation)
{
    auto runState = parseRunState(state);
    if (!runState)
        return std::nullopt;
    Activation request{*runState, incarnation};
    if (lastPassedOn_ == request)
        return std::nullopt;
    lastPassedOn_ = request;
    return request;
}

} // namespace pgmd::client
