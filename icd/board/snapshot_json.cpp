#include "snapshot_json.hpp"

#include "common/json/json_reader.hpp"

#include <cstdint>

namespace icd::board {
namespace {

using json = pgm::json_reader::Json;
using namespace pgm::json_reader;

// The board's errors say what a bad number in its file was meant to be.
constexpr std::string_view kTimestamp = "a timestamp in microseconds";

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
    {"reboots_announced", &HostCounters::rebootsAnnounced},
    {"fence_requests", &HostCounters::fenceRequests},
    {"fenced_by_peer", &HostCounters::fencedByPeer},
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
        {"reboot_announced", h.rebootAnnounced},
        {"awaiting_silence", h.awaitingSilence},
    };
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

TimePoint readTime(const json& v, const std::string& where)
{
    return TimePoint{readInt64(v, where, kTimestamp)};
}

PersistedHost readHost(const json& v, const std::string& where)
{
    expectObject(v, where);
    PersistedHost h;
    visitMember(v, "state", where, [&](const json& m, const std::string& w) {
        h.state = readName<HostState>(m, w, hostStateFromString);
    });
    visitMember(v, "power", where, [&](const json& m, const std::string& w) {
        h.power = readName<PowerState>(m, w, powerStateFromString);
    });
    visitMember(v, "cycles", where,
                [&](const json& m, const std::string& w) { h.cycles = readTimes(m, w, kTimestamp); });
    visitMember(v, "last_action", where, [&](const json& m, const std::string& w) {
        expectObject(m, w);
        visitMember(m, "kind", w, [&](const json& k, const std::string& kw) {
            h.lastAction.kind = readName<LastActionKind>(k, kw, lastActionKindFromString);
        });
        visitMember(m, "cause", w, [&](const json& c, const std::string& cw) {
            h.lastAction.cause = readName<ActionCause>(c, cw, actionCauseFromString);
        });
        readMember(m, "at", w, h.lastAction.at, readTime);
        readMember(m, "reason", w, h.lastAction.reason, readString);
    });
    visitMember(v, "counters", where, [&](const json& m, const std::string& w) {
        expectObject(m, w);
        for (const CounterField& f : kCounterFields)
            readMember(m, f.key, w, h.counters.*f.member, readUint64);
    });
    readMember(v, "reboot_announced", where, h.rebootAnnounced, readBool);
    readMember(v, "awaiting_silence", where, h.awaitingSilence, readBool);
    return h;
}

BoardSnapshot readSnapshot(const json& doc, const std::string& where)
{
    expectVersion(doc, where, kBoardStateFormatVersion, "pgm-icd");
    BoardSnapshot s;
    readMember(doc, "boot_id", where, s.bootId, readString);
    visitMember(doc, "hosts", where, [&](const json& m, const std::string& w) {
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
    return readDocument(text, error, readSnapshot);
}

} // namespace icd::board
