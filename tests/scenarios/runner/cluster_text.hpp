#pragma once
// How the trace words the cluster's side: the arbiter's actions, the ring's
// membership changes and the messages worth a line when they arrive.

#include "core/cluster/pair_arbiter.hpp"

#include <functional>
#include <optional>
#include <string>

namespace pgmd::scenario {

// Empty for actions the trace leaves out (ClusterViewChanged says only that
// something changed; the lines around it say what).
std::optional<std::string> describe(const cluster::ClusterAction&);
std::string describe(const cluster::MembershipChange&, const std::function<std::string(cluster::NodeId)>& nameOf);
// "Pair pay owners=node-a lead=- ...": the arbiter's view, for `show`.
std::string describe(const cluster::PairView&);
// Reports are left out on arrival: their Multicast line already shows them,
// and every member gets each one.
std::optional<std::string> describeDelivery(const cluster::Message&, const std::string& from);

} // namespace pgmd::scenario
