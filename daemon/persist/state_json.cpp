#include "state_json.hpp"

#include <nlohmann/json.hpp>

#include <limits>

namespace pgmd {
namespace {

using nlohmann::json;

json timesToJson(const std::vector<TimePoint>& times)
{
    json out = json::array();
    for (TimePoint t : times)
        out.push_back(t.usec);
    return out;
}

json groupToJson(const PersistedGroup& g)
{
    json restarts = json::object();
    for (const auto& [unit, times] : g.processRestarts)
        restarts[unit] = timesToJson(times);
    return {
        {"incarnation", g.incarnation},
        {"state", g.state},
        {"offline", g.offline},
        {"held", g.held},
        {"hold_reason", g.holdReason},
        {"last_fault", g.lastFault},
        {"process_restarts", std::move(restarts)},
        {"group_restarts", timesToJson(g.groupRestarts)},
    };
}

// Unwinds out of the nested readers below; caught in fromJson.
struct FormatError {
    std::string message;
};

[[noreturn]] void fail(const std::string& where, const std::string& problem)
{
    throw FormatError{where + ": " + problem};
}

std::string child(const std::string& where, const std::string& key)
{
    return where + "[\"" + key + "\"]";
}

std::string child(const std::string& where, std::size_t index)
{
    return where + "[" + std::to_string(index) + "]";
}

void expectObject(const json& v, const std::string& where)
{
    if (!v.is_object())
        fail(where, "expected an object");
}

std::int64_t readInt64(const json& v, const std::string& where)
{
    if (v.is_number_unsigned()) {
        if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            fail(where, "integer out of range");
        return v.get<std::int64_t>();
    }
    if (!v.is_number_integer())
        fail(where, "expected an integer");
    return v.get<std::int64_t>();
}

std::uint64_t readUint64(const json& v, const std::string& where)
{
    if (!v.is_number_unsigned())
        fail(where, "expected a non-negative integer");
    return v.get<std::uint64_t>();
}

bool readBool(const json& v, const std::string& where)
{
    if (!v.is_boolean())
        fail(where, "expected true or false");
    return v.get<bool>();
}

std::string readString(const json& v, const std::string& where)
{
    if (!v.is_string())
        fail(where, "expected a string");
    return v.get<std::string>();
}

std::vector<TimePoint> readTimes(const json& v, const std::string& where)
{
    if (!v.is_array())
        fail(where, "expected an array of microsecond timestamps");
    std::vector<TimePoint> times;
    times.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        times.push_back(TimePoint{readInt64(v[i], child(where, i))});
    return times;
}

// Absent members keep their default (see kStateFormatVersion); present ones
// must have the right type, since a wrong type means the file is damaged.
template <typename T, typename Reader>
void readMember(const json& object, const char* key, const std::string& where, T& out, Reader read)
{
    auto it = object.find(key);
    if (it != object.end())
        out = read(*it, child(where, key));
}

std::map<std::string, std::vector<TimePoint>> readRestartMap(const json& v, const std::string& where)
{
    expectObject(v, where);
    std::map<std::string, std::vector<TimePoint>> out;
    for (const auto& [unit, times] : v.items())
        out[unit] = readTimes(times, child(where, unit));
    return out;
}

PersistedGroup readGroup(const json& v, const std::string& where)
{
    expectObject(v, where);
    PersistedGroup g;
    readMember(v, "incarnation", where, g.incarnation, readUint64);
    readMember(v, "state", where, g.state, readString);
    readMember(v, "offline", where, g.offline, readBool);
    readMember(v, "held", where, g.held, readBool);
    readMember(v, "hold_reason", where, g.holdReason, readString);
    readMember(v, "last_fault", where, g.lastFault, readString);
    readMember(v, "process_restarts", where, g.processRestarts, readRestartMap);
    readMember(v, "group_restarts", where, g.groupRestarts, readTimes);
    return g;
}

std::map<std::string, PersistedGroup> readGroups(const json& v, const std::string& where)
{
    expectObject(v, where);
    std::map<std::string, PersistedGroup> out;
    for (const auto& [name, group] : v.items())
        out[name] = readGroup(group, child(where, name));
    return out;
}

PersistedState readState(const json& doc)
{
    const std::string where = "document";
    expectObject(doc, where);
    auto version = doc.find("version");
    if (version == doc.end())
        fail(where, "no \"version\" member");
    if (!version->is_number_integer() || version->get<std::int64_t>() != kStateFormatVersion)
        fail(child(where, "version"), "unsupported version " + version->dump() + " (this pgmd reads version "
                                           + std::to_string(kStateFormatVersion) + ")");
    PersistedState s;
    readMember(doc, "groups", where, s.groups, readGroups);
    readMember(doc, "reboots", where, s.reboots, readTimes);
    readMember(doc, "host_reinits", where, s.hostReinits, readTimes);
    readMember(doc, "total_reboots", where, s.totalReboots, readUint64);
    readMember(doc, "escalation_exhausted", where, s.escalationExhausted, readBool);
    readMember(doc, "boot_id", where, s.bootId, readString);
    return s;
}

} // namespace

std::string toJson(const PersistedState& s)
{
    json groups = json::object();
    for (const auto& [name, group] : s.groups)
        groups[name] = groupToJson(group);
    json doc = {
        {"version", kStateFormatVersion},
        {"groups", std::move(groups)},
        {"reboots", timesToJson(s.reboots)},
        {"host_reinits", timesToJson(s.hostReinits)},
        {"total_reboots", s.totalReboots},
        {"escalation_exhausted", s.escalationExhausted},
        {"boot_id", s.bootId},
    };
    // Replacing invalid UTF-8 (e.g. in a fault text) beats refusing to save
    // the counters that keep the host out of a reboot loop.
    return doc.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<PersistedState> fromJson(const std::string& text, std::string* error)
{
    try {
        return readState(json::parse(text));
    } catch (const json::parse_error& e) {
        if (error)
            *error = e.what();
    } catch (const FormatError& e) {
        if (error)
            *error = e.message;
    }
    return std::nullopt;
}

} // namespace pgmd
