#include "model.hpp"

namespace pgmd {

const char* toString(Layer l)
{
    switch (l) {
    case Layer::System: return "system";
    case Layer::Platform: return "platform";
    case Layer::Application: return "application";
    }
    return "?";
}

const char* toString(Role r)
{
    switch (r) {
    case Role::None: return "none";
    case Role::Primary: return "primary";
    case Role::Alternate: return "alternate";
    }
    return "?";
}

const char* toString(StandbyKind s)
{
    return s == StandbyKind::Hot ? "hot" : "cold";
}

const char* toString(Handshake h)
{
    return h == Handshake::Bus ? "bus" : "none";
}

const char* toString(Redundancy r)
{
    switch (r) {
    case Redundancy::None: return "none";
    case Redundancy::HotStandby: return "hot-standby";
    case Redundancy::ColdStandby: return "cold-standby";
    case Redundancy::LeadActive: return "lead-active";
    case Redundancy::Sparing: return "sparing";
    }
    return "?";
}

std::optional<Redundancy> redundancyFromString(const std::string& s)
{
    for (Redundancy r : {Redundancy::None, Redundancy::HotStandby, Redundancy::ColdStandby, Redundancy::LeadActive,
                         Redundancy::Sparing})
        if (s == toString(r))
            return r;
    return std::nullopt;
}

const char* toString(ResourceKind k)
{
    switch (k) {
    case ResourceKind::Path: return "path";
    case ResourceKind::Mount: return "mount";
    case ResourceKind::FreeSpace: return "free-space";
    case ResourceKind::Command: return "command";
    }
    return "?";
}

std::optional<Layer> layerFromString(const std::string& s)
{
    for (Layer l : {Layer::System, Layer::Platform, Layer::Application})
        if (s == toString(l))
            return l;
    return std::nullopt;
}

std::string layerSlice(Layer l)
{
    return std::string("pgm-") + toString(l) + ".slice";
}

// A dash in a slice name means "child of"; escape it the way systemd-escape does
// so that a group called "billing-db" stays one level below its layer.
static std::string escapeSliceComponent(const std::string& s)
{
    std::string out;
    for (char c : s) {
        if (c == '-')
            out += "\\x2d";
        else
            out += c;
    }
    return out;
}

std::string groupSlice(const GroupSpec& g)
{
    return std::string("pgm-") + toString(g.layer) + "-" + escapeSliceComponent(g.name) + ".slice";
}

LayerPolicy defaultLayerPolicy(Layer l)
{
    using namespace std::chrono;
    switch (l) {
    case Layer::System:
        // System-layer groups are never restarted: a failure goes to the host.
        return {{0, minutes(5)}, {0, minutes(15)}, seconds(60)};
    case Layer::Platform:
    case Layer::Application:
        return {{3, minutes(5)}, {2, minutes(15)}, seconds(30)};
    }
    return {};
}

} // namespace pgmd
