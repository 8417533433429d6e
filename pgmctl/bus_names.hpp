#pragma once
// Where pgmd is on the bus (see org.pgmd1(5) and dbus/*.xml): the names pgmd
// and its clients share.

#include "pgmd_bus_names.hpp"

#include <string>

namespace pgmctl::bus {

using namespace pgmd::busnames;

// A match rule for one org.pgmd1.Cluster signal, about `group` only when one
// is given. It matches nothing while pgmd has no [Cluster], and starts to
// once a pgmd that has one is on the bus (the rules are the bus's, not pgmd's).
inline std::string clusterSignalMatch(const char* member, const std::string& group = {})
{
    return std::string("type='signal',sender='") + kService + "',path='" + kClusterPath + "',interface='" +
           kClusterInterface + "',member='" + member + "'" + (group.empty() ? "" : ",arg0='" + group + "'");
}

} // namespace pgmctl::bus
