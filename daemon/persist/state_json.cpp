#include "state_json.hpp"

#include "common/json/json_reader.hpp"

namespace pgmd {
namespace {

using json = pgm::json_reader::Json;
using namespace pgm::json_reader;

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
    json pending = json::object();
    for (const auto& [unit, askedAt] : g.restartsPending)
        pending[unit] = askedAt.usec;
    return {
        {"incarnation", g.incarnation},
        {"state", g.state},
        {"offline", g.offline},
        {"held", g.held},
        {"hold_reason", g.holdReason},
        {"last_fault", g.lastFault},
        {"last_fault_at", g.lastFaultAt.usec},
        {"state_since", g.stateSince.usec},
        {"process_restarts", std::move(restarts)},
        {"group_restarts", timesToJson(g.groupRestarts)},
        {"restarts_pending", std::move(pending)},
    };
}

TimePoint readStamp(const json& v, const std::string& where)
{
    return TimePoint{readInt64(v, where)};
}

// pgmd's state file words a bad stamp as a bad integer, as it always has.
std::vector<TimePoint> readStamps(const json& v, const std::string& where)
{
    return readTimes(v, where, "an integer");
}

std::map<std::string, std::vector<TimePoint>> readRestartMap(const json& v, const std::string& where)
{
    expectObject(v, where);
    std::map<std::string, std::vector<TimePoint>> out;
    for (const auto& [unit, times] : v.items())
        out[unit] = readStamps(times, child(where, unit));
    return out;
}

// unit -> CLOCK_MONOTONIC microseconds when its restart was asked for.
std::map<std::string, MonoTime> readPendingRestarts(const json& v, const std::string& where)
{
    expectObject(v, where);
    std::map<std::string, MonoTime> out;
    for (const auto& [unit, askedAt] : v.items())
        out[unit] = MonoTime{readInt64(askedAt, child(where, unit))};
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
    readMember(v, "last_fault_at", where, g.lastFaultAt, readStamp);
    readMember(v, "state_since", where, g.stateSince, readStamp);
    readMember(v, "process_restarts", where, g.processRestarts, readRestartMap);
    readMember(v, "group_restarts", where, g.groupRestarts, readStamps);
    readMember(v, "restarts_pending", where, g.restartsPending, readPendingRestarts);
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

// Absent members keep their default (see kStateFormatVersion).
PersistedState readState(const json& doc, const std::string& where)
{
    expectVersion(doc, where, kStateFormatVersion, "pgmd");
    PersistedState s;
    readMember(doc, "groups", where, s.groups, readGroups);
    readMember(doc, "reboots", where, s.reboots, readStamps);
    readMember(doc, "host_reinits", where, s.hostReinits, readStamps);
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
    return readDocument(text, error, readState);
}

} // namespace pgmd
