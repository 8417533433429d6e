// The wire form of the arbiters' messages: compact JSON, one object each.
// Decoding is strict: a member of the wrong type, a missing one or one past
// its bound rejects the whole message, since a half-understood report could
// make this node decide differently from the others.

#include "messages.hpp"

#include "common/json/json_reader.hpp"

#include <nlohmann/json.hpp>

#include <limits>
#include <stdexcept>

namespace pgmd::cluster {

namespace {

using Json = nlohmann::json;

// Readers that name the place of what they refuse, e.g.
// message["halves"][3]["claims"]: expected true or false.
namespace jr = pgm::json_reader;

constexpr const char* kReport = "report";
constexpr const char* kSwitchover = "switchover";
constexpr const char* kFenceOutcome = "fence-outcome";

// ---- encoding ----------------------------------------------------------------

Json toJson(const HalfReport& h)
{
    return {{"group", h.group},   {"definition", h.definition}, {"state", toString(h.state)},
            {"held", h.held},     {"claims", h.claims},         {"ready", h.ready},
            {"incarnation", h.incarnation}};
}

Json toJson(const OwnerRecord& r)
{
    Json handover = nullptr;
    if (r.handover)
        handover = {{"from", r.handover->from}, {"to", r.handover->to}, {"by", r.handover->by}};
    return {{"group", r.group}, {"epoch", r.epoch}, {"owners", r.owners}, {"lead", r.lead}, {"handover", handover}};
}

Json body(const Report& r)
{
    Json halves = Json::array();
    for (const HalfReport& h : r.halves)
        halves.push_back(toJson(h));
    Json owners = Json::array();
    for (const OwnerRecord& o : r.owners)
        owners.push_back(toJson(o));
    Json lost = Json::array();
    for (const LostNode& l : r.lost)
        lost.push_back({{"id", l.id}, {"name", l.name}});
    return {{"type", kReport},       {"node", r.nodeName},         {"quorate", r.quorate},
            {"canFence", r.canFence}, {"boardHost", r.boardHost}, {"boardCanFence", r.boardCanFence},
            {"halves", halves},       {"owners", owners},           {"lost", lost}};
}

Json body(const SwitchoverRequest& s)
{
    return {{"type", kSwitchover}, {"group", s.group}, {"to", s.toNode}, {"by", s.byNode}};
}

Json body(const FenceOutcome& f)
{
    return {{"type", kFenceOutcome}, {"target", f.target}, {"targetName", f.targetName},
            {"off", f.off},           {"detail", f.detail}};
}

// ---- decoding ----------------------------------------------------------------

const Json& member(const Json& object, const char* key, const std::string& where)
{
    auto it = object.find(key);
    if (it == object.end())
        jr::fail(where, std::string("no \"") + key + "\" member");
    return *it;
}

std::string readBoundedString(const Json& object, const char* key, const std::string& where, std::size_t limit)
{
    const std::string place = jr::child(where, key);
    std::string s = jr::readString(member(object, key, where), place);
    if (s.size() > limit)
        jr::fail(place, "longer than " + std::to_string(limit) + " bytes");
    return s;
}

std::string readName(const Json& object, const char* key, const std::string& where)
{
    return readBoundedString(object, key, where, kMaxNameBytes);
}

bool readFlag(const Json& object, const char* key, const std::string& where)
{
    return jr::readBool(member(object, key, where), jr::child(where, key));
}

std::uint64_t readCount(const Json& object, const char* key, const std::string& where)
{
    return jr::readUint64(member(object, key, where), jr::child(where, key));
}

const Json& readArray(const Json& object, const char* key, const std::string& where, std::size_t limit)
{
    const Json& a = member(object, key, where);
    const std::string place = jr::child(where, key);
    if (!a.is_array())
        jr::fail(place, "expected an array");
    if (a.size() > limit)
        jr::fail(place, "more than " + std::to_string(limit) + " elements");
    return a;
}

HalfReport readHalf(const Json& v, const std::string& where)
{
    jr::expectObject(v, where);
    HalfReport h;
    h.group = readName(v, "group", where);
    h.definition = readCount(v, "definition", where);
    const std::string state = readName(v, "state", where);
    auto parsed = groupStateFromString(state);
    if (!parsed)
        jr::fail(jr::child(where, "state"), "unknown group state \"" + state + "\"");
    h.state = *parsed;
    h.held = readFlag(v, "held", where);
    h.claims = readFlag(v, "claims", where);
    h.ready = readFlag(v, "ready", where);
    h.incarnation = readCount(v, "incarnation", where);
    return h;
}

OwnerRecord readOwnerRecord(const Json& v, const std::string& where)
{
    jr::expectObject(v, where);
    OwnerRecord r;
    r.group = readName(v, "group", where);
    r.epoch = readCount(v, "epoch", where);
    const Json& owners = readArray(v, "owners", where, kMaxOwners);
    for (std::size_t i = 0; i < owners.size(); ++i) {
        const std::string place = jr::child(jr::child(where, "owners"), i);
        std::string name = jr::readString(owners[i], place);
        if (name.size() > kMaxNameBytes)
            jr::fail(place, "longer than " + std::to_string(kMaxNameBytes) + " bytes");
        r.owners.push_back(std::move(name));
    }
    r.lead = readName(v, "lead", where);
    if (const Json& handover = member(v, "handover", where); !handover.is_null()) {
        const std::string place = jr::child(where, "handover");
        jr::expectObject(handover, place);
        r.handover = Handover{readName(handover, "from", place), readName(handover, "to", place),
                              readName(handover, "by", place)};
    }
    return r;
}

NodeId readNodeId(const Json& object, const char* key, const std::string& where)
{
    const std::uint64_t id = readCount(object, key, where);
    if (id > std::numeric_limits<NodeId>::max())
        jr::fail(jr::child(where, key), "not a corosync node id");
    return static_cast<NodeId>(id);
}

// Members added after version 1 was first released: an older pgmd neither
// sends them nor minds them (it ignores unknown members), so the version
// stays 1 and a rolling upgrade keeps every node deciding. Absent means what
// an older pgmd means by leaving them out (no board); present, they are as
// strict as the rest.
void readBoard(const Json& v, const std::string& where, Report& r)
{
    if (v.contains("boardHost")) {
        const std::uint64_t host = readCount(v, "boardHost", where);
        if (host > std::numeric_limits<std::uint8_t>::max())
            jr::fail(jr::child(where, "boardHost"), "not a board host id (0-255)");
        r.boardHost = static_cast<std::uint8_t>(host);
    }
    if (v.contains("boardCanFence"))
        r.boardCanFence = readFlag(v, "boardCanFence", where);
    // Without a host id the board cannot be asked about this node.
    if (r.boardHost == 0)
        r.boardCanFence = false;
}

Report readReport(const Json& v, const std::string& where)
{
    Report r;
    r.nodeName = readName(v, "node", where);
    r.quorate = readFlag(v, "quorate", where);
    r.canFence = readFlag(v, "canFence", where);
    readBoard(v, where, r);
    const Json& halves = readArray(v, "halves", where, kMaxHalves);
    for (std::size_t i = 0; i < halves.size(); ++i)
        r.halves.push_back(readHalf(halves[i], jr::child(jr::child(where, "halves"), i)));
    const Json& owners = readArray(v, "owners", where, kMaxHalves);
    for (std::size_t i = 0; i < owners.size(); ++i)
        r.owners.push_back(readOwnerRecord(owners[i], jr::child(jr::child(where, "owners"), i)));
    const Json& lost = readArray(v, "lost", where, kMaxOwners);
    for (std::size_t i = 0; i < lost.size(); ++i) {
        const std::string place = jr::child(jr::child(where, "lost"), i);
        jr::expectObject(lost[i], place);
        r.lost.push_back(LostNode{readNodeId(lost[i], "id", place), readName(lost[i], "name", place)});
    }
    return r;
}

SwitchoverRequest readSwitchover(const Json& v, const std::string& where)
{
    return {readName(v, "group", where), readName(v, "to", where), readName(v, "by", where)};
}

FenceOutcome readFenceOutcome(const Json& v, const std::string& where)
{
    FenceOutcome f;
    f.target = readNodeId(v, "target", where);
    f.targetName = readName(v, "targetName", where);
    f.off = readFlag(v, "off", where);
    f.detail = readBoundedString(v, "detail", where, kMaxDetailBytes);
    return f;
}

Message readMessage(const Json& doc, const std::string& where)
{
    jr::expectObject(doc, where);
    const Json& version = member(doc, "v", where);
    if (!version.is_number_integer() || version.get<std::int64_t>() != kMessageVersion)
        jr::fail(jr::child(where, "v"), "unsupported version " + version.dump() + " (this pgmd reads version " +
                                            std::to_string(kMessageVersion) + ")");
    const std::string type = readName(doc, "type", where);
    if (type == kReport)
        return readReport(doc, where);
    if (type == kSwitchover)
        return readSwitchover(doc, where);
    if (type == kFenceOutcome)
        return readFenceOutcome(doc, where);
    jr::fail(jr::child(where, "type"), "unknown message type \"" + type + "\"");
}

} // namespace

std::string encode(const Message& message)
{
    Json doc = std::visit([](const auto& m) { return body(m); }, message);
    doc["v"] = kMessageVersion;
    // Names come from configuration files and may hold any bytes: never throw on them.
    return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<Message> decode(std::string_view bytes, std::string* error)
{
    if (bytes.size() > kMaxMessageBytes) {
        if (error)
            *error = "message of " + std::to_string(bytes.size()) + " bytes, more than " +
                     std::to_string(kMaxMessageBytes);
        return std::nullopt;
    }
    try {
        return readMessage(Json::parse(bytes), "message");
    } catch (const Json::exception& e) {
        if (error)
            *error = e.what();
    } catch (const jr::FormatError& e) {
        if (error)
            *error = e.what();
    }
    return std::nullopt;
}

} // namespace pgmd::cluster
