#pragma once
// The properties of an inline member that pgmd runs as a transient service.

#include "core/model.hpp"

#include <string>
#include <vector>

#include <sdbus-c++/Types.h>

namespace pgmd {

using UnitProperty = sdbus::Struct<std::string, sdbus::Variant>;

// For StartTransientUnit's a(sv). Restart=no: pgmd owns restarts. No
// CollectMode: a failed member stays loaded, visible until pgmd resets it.
std::vector<UnitProperty> transientUnitProperties(const MemberSpec& member, const std::string& slice);

} // namespace pgmd
