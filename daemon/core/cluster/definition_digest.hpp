#pragma once
// A group's cluster-wide definition as one number, carried in every report so
// that nodes configured differently notice it (the pair is then frozen).

#include "core/model.hpp"

#include <cstdint>
#include <string>

namespace pgmd::cluster {

// The canonical text the digest is taken over: the keys every node must agree
// on (Redundancy=, Nodes=, ActiveCount=, Standby=, Handshake=), by their
// configuration-file names, so neither the build nor the host changes it.
std::string canonicalDefinition(const GroupSpec&);
// FNV-1a (64 bit) of canonicalDefinition(): the same definition gives the
// same digest on every node and in every version that keeps this format.
std::uint64_t definitionDigest(const GroupSpec&);

} // namespace pgmd::cluster
