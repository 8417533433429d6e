#include "definition_digest.hpp"

namespace pgmd::cluster {

namespace {

std::uint64_t fnv1a64(const std::string& text)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

} // namespace

std::string canonicalDefinition(const GroupSpec& spec)
{
    // One key per line, names length-prefixed: no node name can forge a separator.
    std::string text = "redundancy=" + std::string(toString(spec.redundancy)) + "\n";
    text += "nodes=";
    for (const std::string& node : spec.nodes)
        text += std::to_string(node.size()) + ":" + node + ";";
    text += "\nactive-count=" + std::to_string(spec.activeCount) + "\n";
    text += "standby=" + std::string(toString(spec.standby)) + "\n";
    text += "handshake=" + std::string(toString(spec.handshake)) + "\n";
    return text;
}

std::uint64_t definitionDigest(const GroupSpec& spec)
{
    return fnv1a64(canonicalDefinition(spec));
}

} // namespace pgmd::cluster
