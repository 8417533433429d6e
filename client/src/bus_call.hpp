#pragma once
// The two rules every entry point of the library follows: sdbus-c++ errors
// leave it as client::Error, and no exception from an application's handler
// crosses sd-bus's C dispatch.

#include <pgmd/client.hpp>

#include <sdbus-c++/Error.h>

#include <utility>

namespace pgmd::client {

inline Error fromBusError(const sdbus::Error& error)
{
    return Error(error.getName(), error.getMessage());
}

template <typename Call>
decltype(auto) translatingErrors(Call&& call)
{
    try {
        return std::forward<Call>(call)();
    } catch (const sdbus::Error& error) {
        throw fromBusError(error);
    }
}

// noexcept: an exception escaping a handler ends the process here, before it
// could unwind through sd-bus and leave the connection in a broken state.
template <typename Handler, typename... Args>
void callHandler(const Handler& handler, Args&&... args) noexcept
{
    if (handler)
        handler(std::forward<Args>(args)...);
}

} // namespace pgmd::client
