#pragma once
// Turning refusals into D-Bus errors: thrown sdbus::Error becomes the reply.

#include "state_source.hpp"

#include <string>

namespace sdbus {
class IObject;
}

namespace pgmd {

// Throws org.pgmd1.Error.* when `result` reports a failure.
void throwIfFailed(const OpResult& result);

[[noreturn]] void throwNoSuchGroup(const std::string& name);

// Throws org.freedesktop.DBus.Error.AccessDenied unless the sender of the
// call `object` is processing runs as root.
void requireRootCaller(const sdbus::IObject& object);

} // namespace pgmd
