#pragma once
// Where pgmd is on the bus (see org.pgmd1(5) and dbus/*.xml): the names pgmd
// and its clients share.

#include "pgmd_bus_names.hpp"

namespace pgmctl::bus {

using namespace pgmd::busnames;

} // namespace pgmctl::bus
