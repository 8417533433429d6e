#pragma once
// The text of `pgmctl --help`, built from the command table.

#include <string>

namespace pgmctl {

std::string helpText();

} // namespace pgmctl
