#pragma once
// From the property maps D-Bus hands over (Properties.GetAll,
// ObjectManager.GetManagedObjects) to plain values.

#include "cluster_status.hpp"
#include "group_status.hpp"
#include "icd_status.hpp"
#include "resource_status.hpp"

#include <sdbus-c++/Types.h>

#include <map>
#include <string>

namespace pgmctl {

using PropertyMap = std::map<std::string, sdbus::Variant>;

// A property that is missing keeps its default. A property of an unexpected
// type throws sdbus::Error: the reply is not what the interface promises.
GroupStatus decodeGroup(const PropertyMap& properties);
ManagerStatus decodeManager(const PropertyMap& properties);
IcdStatus decodeIcd(const PropertyMap& properties);
ResourceStatus decodeResource(const PropertyMap& properties);
ClusterStatus decodeCluster(const PropertyMap& properties);

} // namespace pgmctl
