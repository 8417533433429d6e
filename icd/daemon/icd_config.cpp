#include "icd_config.hpp"

#include "common/ini/ini_file.hpp"
#include "common/ini/value_reader.hpp"
#include "common/ini/values.hpp"
#include "board/gpio_heartbeat.hpp"
#include "common/serial/baud_rates.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace icd::daemon {

namespace {

using pgm::IniEntry;
using pgm::ValueReader;

constexpr std::string_view kHostPrefix = "Host.";

// What the file said about one host, with the line of each key, so that a
// missing or conflicting key can be reported where it matters.
struct HostSection {
    HostEntry entry;
    unsigned line = 0;
    std::set<std::string> given;  // keys set to a valid value
    std::map<std::string, unsigned> lines;
};

using HostKeyReader = std::function<bool(const IniEntry&, HostEntry&, ValueReader&)>;

std::optional<unsigned> boundedCount(const IniEntry& e, ValueReader& r, unsigned max)
{
    auto v = r.count(e);
    if (v && *v > max) {
        r.error(e, "must be at most " + std::to_string(max));
        return std::nullopt;
    }
    return v;
}

// Each reader stores a valid value and returns true, or reports the problem
// and returns false. The table is the list of keys a [Host.NAME] may hold.
const std::map<std::string, HostKeyReader, std::less<>>& hostKeys()
{
    static const std::map<std::string, HostKeyReader, std::less<>> table{
        {"HostId", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = boundedCount(e, r, 255);
             return v && (h.hostId = static_cast<std::uint8_t>(*v), true);
         }},
        {"Link", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.choice(e, {"serial", "gpio"});
             return v && (h.link = *v == 0 ? LinkKind::Serial : LinkKind::Gpio, true);
         }},
        {"Device", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.absolutePath(e);
             return v && (h.serial.device = *v, true);
         }},
        {"Baud", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.count(e);
             if (v && !pgm::serial::isSupportedBaud(*v)) {
                 r.error(e, "unsupported baud rate " + e.value + " (allowed: " + pgm::serial::supportedBaudList() + ")");
                 return false;
             }
             return v && (h.serial.baud = *v, true);
         }},
        {"KeyFile", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.absolutePath(e);
             return v && (h.serial.keyFile = *v, true);
         }},
        {"GpioChip", [](const IniEntry& e, HostEntry& h, ValueReader&) { return (h.gpio.chip = e.value, true); }},
        {"GpioLine", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.count(e);
             return v && (h.gpio.line = *v, true);
         }},
        {"HeartbeatPeriod", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.positiveTimespan(e);
             return v && (h.gpio.heartbeatPeriod = *v, true);
         }},
        {"HeartbeatTimeout", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.positiveTimespan(e);
             return v && (h.watch.heartbeatTimeout = *v, true);
         }},
        {"BootGrace", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.timespan(e);
             return v && (h.watch.bootGrace = *v, true);
         }},
        {"OffTime", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.timespan(e);
             return v && (h.watch.offTime = *v, true);
         }},
        {"CycleBurst", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = boundedCount(e, r, 255);
             return v && (h.watch.cycles.burst = *v, true);
         }},
        {"CycleInterval", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.timespan(e);
             return v && (h.watch.cycles.interval = *v, true);
         }},
        {"Relay", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.choice(e, {"gpio", "command"});
             return v && (h.relay = *v == 0 ? RelayKind::Gpio : RelayKind::Command, true);
         }},
        {"RelayChip", [](const IniEntry& e, HostEntry& h, ValueReader&) { return (h.gpioRelay.chip = e.value, true); }},
        {"RelayLine", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.count(e);
             return v && (h.gpioRelay.line = *v, true);
         }},
        {"RelayActiveLow", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.boolean(e);
             return v && (h.gpioRelay.activeLow = *v, true);
         }},
        {"RelayCommand", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.command(e);
             return v && (h.commandRelay.argv = *v, true);
         }},
        {"RelayTimeout", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.positiveTimespan(e);
             return v && (h.watch.relayTimeout = *v, true);
         }},
        {"RelayRetryDelay", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             auto v = r.timespan(e);
             return v && (h.watch.relayRetryDelay = *v, true);
         }},
        {"Peers", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             std::vector<std::string> peers;
             for (const pgm::Located& w : r.words(e))
                 peers.push_back(w.value);
             return (h.watch.peers = std::move(peers), true);
         }},
        {"ClearLatchOf", [](const IniEntry& e, HostEntry& h, ValueReader& r) {
             h.mayClearLatchOf.clear();
             for (const pgm::Located& w : r.words(e))
                 h.mayClearLatchOf.push_back(w.value);
             return true;
         }},
    };
    return table;
}

// Keys a host needs, by how it is linked and switched.
struct Requirement {
    const char* key;
    std::function<bool(const HostEntry&)> applies;
    const char* why;
};

const std::vector<Requirement>& requirements()
{
    static const std::vector<Requirement> table{
        {"HostId", [](const HostEntry&) { return true; }, "every host needs its link id"},
        {"Device", [](const HostEntry& h) { return h.link == LinkKind::Serial; }, "required with Link=serial"},
        {"KeyFile", [](const HostEntry& h) { return h.link == LinkKind::Serial; }, "required with Link=serial"},
        {"GpioChip", [](const HostEntry& h) { return h.link == LinkKind::Gpio; }, "required with Link=gpio"},
        {"GpioLine", [](const HostEntry& h) { return h.link == LinkKind::Gpio; }, "required with Link=gpio"},
        {"HeartbeatPeriod", [](const HostEntry& h) { return h.link == LinkKind::Gpio; }, "required with Link=gpio"},
        {"RelayChip", [](const HostEntry& h) { return h.relay == RelayKind::Gpio; }, "required with Relay=gpio"},
        {"RelayLine", [](const HostEntry& h) { return h.relay == RelayKind::Gpio; }, "required with Relay=gpio"},
        {"RelayCommand", [](const HostEntry& h) { return h.relay == RelayKind::Command; },
         "required with Relay=command"},
    };
    return table;
}

bool readBoardKey(const IniEntry& e, IcdConfig& config, ValueReader& r)
{
    if (e.key == "StateDirectory") {
        if (auto v = r.absolutePath(e))
            config.stateDirectory = *v;
    } else if (e.key == "BusAddress") {
        config.busAddress = e.value;
    } else if (e.key == "FenceRaceWindow") {
        if (auto v = r.timespan(e))
            config.fence.raceWindow = *v;
    } else {
        return false;
    }
    return true;
}

void checkHosts(std::vector<HostSection>& sections, ValueReader& r)
{
    std::map<unsigned, std::string> ids;
    std::map<std::string, std::string> devices;
    std::set<std::string> names;
    for (const HostSection& s : sections)
        names.insert(s.entry.name);
    for (HostSection& s : sections) {
        const HostEntry& h = s.entry;
        for (const Requirement& req : requirements())
            if (req.applies(h) && !s.given.contains(req.key))
                r.error(s.line, req.key, std::string("missing in [Host.") + h.name + "]: " + req.why);
        if (s.given.contains("HostId")) {
            auto [it, fresh] = ids.emplace(h.hostId, h.name);
            if (!fresh)
                r.error(s.lines["HostId"], "HostId", "id " + std::to_string(h.hostId) + " is already used by host " +
                                                         it->second);
        }
        if (h.link == LinkKind::Serial && s.given.contains("Device")) {
            auto [it, fresh] = devices.emplace(h.serial.device, h.name);
            if (!fresh)
                r.error(s.lines["Device"], "Device", h.serial.device + " is already the link of host " + it->second);
        }
        for (const std::string& other : h.mayClearLatchOf)
            if (!names.contains(other))
                r.error(s.lines["ClearLatchOf"], "ClearLatchOf", "no host named " + other);
        if (h.link == LinkKind::Gpio && s.given.contains("HeartbeatPeriod")) {
            icd::board::GpioHeartbeatConfig beat{h.gpio.heartbeatPeriod};
            for (const std::string& p : icd::board::gpioHeartbeatProblems(beat))
                r.error(s.lines["HeartbeatPeriod"], "HeartbeatPeriod", p);
        }
    }
}

LoadedIcdConfig fromDocument(const pgm::IniDocument& doc, pgm::ConfigErrors errors)
{
    LoadedIcdConfig out;
    out.errors = std::move(errors);
    ValueReader r(doc.file, out.errors);

    IcdConfig config;
    std::vector<HostSection> sections;
    std::map<std::string, std::size_t> sectionIndex;
    for (const pgm::IniSection& s : doc.sections) {
        if (s.name == "Board")
            continue;
        if (!s.name.starts_with(kHostPrefix)) {
            r.unknownSection(s);
            continue;
        }
        const std::string name = s.name.substr(kHostPrefix.size());
        if (!pgm::isValidName(name)) {
            r.error(s.line, "", "invalid host name \"" + name + "\" (" + std::string(pgm::kNameRule) + ")");
            continue;
        }
        if (sectionIndex.contains(name))
            continue;  // a repeated header continues the same host, as in unit files
        sectionIndex[name] = sections.size();
        HostSection fresh;
        fresh.entry.name = name;
        fresh.entry.watch.id = name;
        fresh.line = s.line;
        sections.push_back(std::move(fresh));
    }

    for (const IniEntry& e : doc.entries) {
        if (e.section == "Board") {
            if (!readBoardKey(e, config, r))
                r.unknownKey(e);
            continue;
        }
        if (!e.section.starts_with(kHostPrefix))
            continue;  // reported with its section
        auto found = sectionIndex.find(e.section.substr(kHostPrefix.size()));
        if (found == sectionIndex.end())
            continue;
        HostSection& s = sections[found->second];
        auto reader = hostKeys().find(e.key);
        if (reader == hostKeys().end()) {
            r.unknownKey(e);
            continue;
        }
        if (reader->second(e, s.entry, r)) {
            s.given.insert(e.key);
            s.lines[e.key] = e.line;
        }
    }

    if (sections.empty())
        r.error(0, "", "no [Host.NAME] section: there is nothing to watch");
    checkHosts(sections, r);

    std::vector<icd::board::HostConfig> watches;
    for (HostSection& s : sections) {
        s.entry.watch.hostId = s.entry.hostId;
        watches.push_back(s.entry.watch);
    }
    // Peers= problems where they were set (or at the section of a host that
    // has every other host as its peers), the rest as the board words them.
    std::set<std::string> peerTexts;
    for (const icd::board::PeerProblem& p : icd::board::peerProblems(watches)) {
        peerTexts.insert("host " + p.host + ": " + p.message);
        HostSection& s = sections[sectionIndex.at(p.host)];
        if (s.lines.contains("Peers"))
            r.error(s.lines["Peers"], "Peers", p.message);
        else
            r.error(s.line, "", "host " + p.host + ": " + p.message);
    }
    for (const std::string& problem : icd::board::configProblems(watches, config.fence))
        if (!peerTexts.contains(problem))
            r.error(0, "", problem);

    if (!out.errors.empty())
        return out;
    for (HostSection& s : sections)
        config.hosts.push_back(std::move(s.entry));
    out.config = std::move(config);
    return out;
}

} // namespace

LoadedIcdConfig parseIcdConfig(const std::string& file, std::string_view text)
{
    pgm::ConfigErrors errors;
    pgm::IniDocument doc = pgm::parseIni(file, text, errors);
    return fromDocument(doc, std::move(errors));
}

LoadedIcdConfig loadIcdConfig(const std::string& path)
{
    pgm::ConfigErrors errors;
    auto doc = pgm::readIniFile(path, errors);
    if (!doc)
        return {std::nullopt, std::move(errors)};
    return fromDocument(*doc, std::move(errors));
}

const HostEntry* findHost(const IcdConfig& config, const std::string& name)
{
    auto it = std::find_if(config.hosts.begin(), config.hosts.end(), [&](const HostEntry& h) { return h.name == name; });
    return it == config.hosts.end() ? nullptr : &*it;
}

const HostEntry* findHostById(const IcdConfig& config, std::uint8_t id)
{
    auto it = std::find_if(config.hosts.begin(), config.hosts.end(), [&](const HostEntry& h) { return h.hostId == id; });
    return it == config.hosts.end() ? nullptr : &*it;
}

} // namespace icd::daemon
