#include "snapshot_json.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>

namespace icd::board {
namespace {

using nlohmann::json;

struct CounterField {
    const char* key;
    std::uint64_t HostCounters::*member;
};

constexpr CounterField kCounterFields[] = {
    {"power_cycles", &HostCounters::powerCycles},
    {"latches", &HostCounters::latches},
    {"heartbeat_timeouts", &HostCounters::heartbeatTimeouts},
    {"cycle_requests", &HostCounters::cycleRequests},
    {"off_requests", &HostCounters::offRequests},
    {"refusals", &HostCounters::refusals},
    {"relay_failures", &HostCounters::relayFailures},
};

json hostToJson(const PersistedHost& h)
{
    json cycles = json::array();
    for (TimePoint t : h.cycles)
        cycles.push_back(t.usec);
    json counters = json::object();
    for (const CounterField& f : kCounterFields)
        counters[f.key] = h.counters.*f.member;
    return {
        {"state", toString(h.state)},
        {"power", toString(h.power)},
        {"cycles", std::move(cycles)},
        {"last_action",
         {{"kind", toString(h.lastAction.kind)},
          {"cause", toString(h.lastAction.cause)},
          {"at", h.lastAction.at.usec},
          {"reason", h.lastAction.reason}}},
        {"counters", std::move(counters)},
    };
}

// Unwinds out of the nested readers below; caught in boardSnapshotFromJson.
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

void expectObject(const json& v, const std::string& where)
{
    if (!v.is_object())
        fail(where, "expected an object");
}

std::string readString(const json& v, const std::string& where)
{
    if (!v.is_string())
        fail(where, "expected a string");
    return v.get<std::string>();
}

std::uint64_t readCount(const json& v, const std::string& where)
{
    if (!v.is_number_unsigned())
        fail(where, "expected a non-negative integer");
    return v.get<std::uint64_t>();
}

TimePoint readTime(const json& v, const std::string& where)
{
    if (v.is_number_unsigned()
        && v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        fail(where, "timestamp out of range");
    if (!v.is_number_integer())
        fail(where, "expected a timestamp in microseconds");
    return TimePoint{v.get<std::int64_t>()};
}

template <typename Enum>
Enum readName(const json& v, const std::string& where, std::optional<Enum> (*parse)(const std::string&))
{
    const std::string name = readString(v, where);
    auto value = parse(name);
    if (!value)
        fail(where, "unknown name \"" + name + "\"");
    return *value;
}

// Absent members keep their default; present ones must have the right type,
// since a wrong type means the file is damaged.
template <typename Reader>
void readMember(const json& object, const char* key, const std::string& where, Reader read)
{
    if (auto it = object.find(key); it != object.end())
        read(*it, child(where, key));
}

PersistedHost readHost(const json& v, const std::string& where)
{
    expectObject(v, where);
    PersistedHost h;
    readMember(v, "state", where, [&](const json& m, const std::string& w) {
        h.state = readName<HostState>(m, w, hostStateFromString);
    });
    readMember(v, "power", where, [&](const json& m, const std::string& w) {
        h.power = readName<PowerState>(m, w, powerStateFromString);
    });
    readMember(v, "cycles", where, [&](const json& m, const std::string& w) {
        if (!m.is_array())
            fail(w, "expected an array of microsecond timestamps");
        for (std::size_t i = 0; i < m.size(); ++i)
            h.cycles.push_back(readTime(m[i], w + "[" + std::to_string(i) + "]"));
    });
    readMember(v, "last_action", where, [&](const json& m, const std::string& w) {
        expectObject(m, w);
        readMember(m, "kind", w, [&](const json& k, const std::string& kw) {
            h.lastAction.kind = readName<LastActionKind>(k, kw, lastActionKindFromString);
        });
        readMember(m, "cause", w, [&](const json& c, const std::string& cw) {
            h.lastAction.cause = readName<ActionCause>(c, cw, actionCauseFromString);
        });
        readMember(m, "at", w, [&](const json& t, const std::string& tw) { h.lastAction.at = readTime(t, tw); });
        readMember(m, "reason", w,
                   [&](const json& r, const std::string& rw) { h.lastAction.reason = readString(r, rw); });
    });
    readMember(v, "counters", where, [&](const json& m, const std::string& w) {
        expectObject(m, w);
        for (const CounterField& f : kCounterFields)
            readMember(m, f.key, w, [&](const json& c, const std::string& cw) { h.counters.*f.member = readCount(c, cw); });
    });
    return h;
}

BoardSnapshot readSnapshot(const json& doc)
{
    const std::string where = "document";
    expectObject(doc, where);
    auto version = doc.find("version");
    if (version == doc.end())
        fail(where, "no \"version\" member");
    if (!version->is_number_integer() || version->get<std::int64_t>() != kBoardStateFormatVersion)
        fail(child(where, "version"), "unsupported version " + version->dump() + " (this pgm-icd reads version "
                                          + std::to_string(kBoardStateFormatVersion) + ")");
    BoardSnapshot s;
    readMember(doc, "boot_id", where, [&](const json& m, const std::string& w) { s.bootId = readString(m, w); });
    readMember(doc, "hosts", where, [&](const json& m, const std::string& w) {
        expectObject(m, w);
        for (const auto& [id, host] : m.items())
            s.hosts[id] = readHost(host, child(w, id));
    });
    return s;
}

} // namespace

std::string toJson(const BoardSnapshot& s)
{
    json hosts = json::object();
    for (const auto& [id, host] : s.hosts)
        hosts[id] = hostToJson(host);
    json doc = {
        {"version", kBoardStateFormatVersion},
        {"boot_id", s.bootId},
        {"hosts", std::move(hosts)},
    };
    // Replacing invalid UTF-8 (e.g. in a reason a host sent) beats refusing
    // to save the counters that keep a host out of a power-cycle loop.
    return doc.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<BoardSnapshot> boardSnapshotFromJson(const std::string& text, std::string* error)
{
    try {
        return readSnapshot(json::parse(text));
    } catch (const json::parse_error& e) {
        if (error)
            *error = e.what();
    } catch (const FormatError& e) {
        if (error)
            *error = e.message;
    }
    return std::nullopt;
}

} // namespace icd::board
