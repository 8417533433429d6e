#include "half_reports.hpp"

#include "definition_digest.hpp"

namespace pgmd::cluster {

namespace {

bool claimsActive(const GroupRuntime& g)
{
    return g.state == GroupState::Active || (g.state == GroupState::Init && g.runTarget == GroupState::Active) ||
           g.requested == GroupState::Active;
}

} // namespace

std::vector<HalfReport> reportHalves(const Engine& engine)
{
    std::vector<HalfReport> out;
    for (const GroupRuntime& g : engine.groups()) {
        if (g.spec->redundancy == Redundancy::None)
            continue;
        HalfReport h;
        h.group = g.spec->name;
        h.definition = definitionDigest(*g.spec);
        h.state = g.state;
        h.held = g.held;
        h.claims = claimsActive(g);
        h.ready = g.state == GroupState::Standby && !g.held && !h.claims;
        h.incarnation = g.incarnation;
        out.push_back(std::move(h));
    }
    return out;
}

} // namespace pgmd::cluster
