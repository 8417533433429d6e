#include "cluster_settings.hpp"

#include "common/ini/values.hpp"

namespace pgmd {

bool readClusterKey(const pgm::IniEntry& e, ClusterSettings& s, pgm::ValueReader& r)
{
    auto positive = [&r](const pgm::IniEntry& x) { return r.positiveTimespan(x); };

    if (e.key == "GroupName")
        r.assign(s.groupName, e, [&r](const pgm::IniEntry& x) { return r.name(x); });
    else if (e.key == "ProcessDownGraceSec")
        r.assign(s.processDownGrace, e, positive);
    else if (e.key == "FenceCommand")
        r.assign(s.fenceCommand, e, [&r](const pgm::IniEntry& x) { return r.command(x); });
    else if (e.key == "FenceTimeoutSec")
        r.assign(s.fenceTimeout, e, positive);
    else
        return false;
    return true;
}

std::optional<ClusterSpec> resolveCluster(const ClusterSettings& s, const std::string& nodeName, bool nodeNameWritten,
                                          pgm::ValueReader& r)
{
    if (s.sectionLine == 0)
        return std::nullopt;
    // An invalid NodeName= is reported at its own line already.
    if (!nodeNameWritten && !pgm::isValidName(nodeName))
        r.error(s.sectionLine, "NodeName",
                "a cluster node needs a name: NodeName= is not set in [Manager] and the host name '" + nodeName +
                    "' is not a valid node name (" + std::string(pgm::kNameRule) + ")");

    ClusterSpec spec;
    if (s.groupName.given())
        spec.cpgGroup = *s.groupName.value;
    if (s.processDownGrace.given())
        spec.processDownGrace = *s.processDownGrace.value;
    if (s.fenceCommand.given())
        spec.fenceCommand = *s.fenceCommand.value;
    if (s.fenceTimeout.given())
        spec.fenceTimeout = *s.fenceTimeout.value;
    return spec;
}

} // namespace pgmd
