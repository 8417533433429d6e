#pragma once
// `pgmctl icd`: pgmd's link to the independent computer, in the long form
// `status` uses.

#include "icd_status.hpp"
#include "output_settings.hpp"

#include <cstdint>
#include <string>

namespace pgmctl {

// The header, then Link, Link state, Board state, Last reply (with its age
// against `nowUsec`), Heartbeats sent and the counters that are not zero.
std::string renderIcdStatus(const IcdStatus& icd, std::uint64_t nowUsec, const OutputSettings& settings);

} // namespace pgmctl
