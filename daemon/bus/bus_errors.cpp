#include "bus_errors.hpp"

#include "bus_names.hpp"

#include <sdbus-c++/sdbus-c++.h>

namespace pgmd {

void throwIfFailed(const OpResult& result)
{
    switch (result.error) {
    case OpError::None:
        return;
    case OpError::NoSuchGroup:
        throw sdbus::Error(busnames::kErrorNoSuchGroup, result.message);
    case OpError::InvalidState:
        throw sdbus::Error(busnames::kErrorInvalidState, result.message);
    }
    // A value outside the enum is a refusal of unknown kind: never a success.
    throw sdbus::Error(busnames::kErrorInvalidState, result.message);
}

void throwNoSuchGroup(const std::string& name)
{
    throw sdbus::Error(busnames::kErrorNoSuchGroup, "No group named '" + name + "'");
}

void requireRootCaller(const sdbus::IObject& object)
{
    const sdbus::Message* call = object.getCurrentlyProcessedMessage();
    if (call == nullptr)
        throw sdbus::Error(busnames::kErrorAccessDenied, "Caller unknown");

    // The effective uid is what the bus daemon recorded from the socket when
    // the sender connected (GetConnectionUnixUser). The "real" uid would be
    // read from /proc/<pid> of the sender, which can be gone or reused by then.
    uid_t uid = static_cast<uid_t>(-1);
    try {
        uid = call->getCredsEuid();
    } catch (const sdbus::Error&) {
        // Not knowing who asked is a refusal, never a pass.
    }
    if (uid != 0)
        throw sdbus::Error(busnames::kErrorAccessDenied, "Only root may change process groups");
}

} // namespace pgmd
