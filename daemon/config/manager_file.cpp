#include "manager_file.hpp"

#include "cluster_settings.hpp"
#include "icd_settings.hpp"
#include "policy_settings.hpp"
#include "common/ini/value_reader.hpp"
#include "common/log/level.hpp"

#include <map>

namespace pgmd {

namespace {

struct ManagerSettings {
    pgm::Setting<std::string> nodeName;
    pgm::Setting<std::string> stateDirectory;
    pgm::Setting<Duration> stopTimeout;
    pgm::Setting<unsigned> hostReinitBurst;
    pgm::Setting<Duration> hostReinitInterval;
    pgm::Setting<unsigned> rebootBurst;
    pgm::Setting<Duration> rebootInterval;
    pgm::Setting<int> logLevel;
};

std::optional<Layer> layerOfSection(const std::string& section)
{
    if (section == "System")
        return Layer::System;
    if (section == "Platform")
        return Layer::Platform;
    if (section == "Application")
        return Layer::Application;
    return std::nullopt;
}

std::optional<int> logLevel(const pgm::IniEntry& e, pgm::ValueReader& r)
{
    std::optional<int> level = pgm::log::parseLevel(e.value);
    if (!level)
        r.error(e, "invalid value '" + e.value + "' (allowed: emerg, alert, crit, err, warning, notice, info, debug, "
                   "or 0-7)");
    return level;
}

bool readManagerKey(const pgm::IniEntry& e, ManagerSettings& m, pgm::ValueReader& r)
{
    auto count = [&r](const pgm::IniEntry& x) { return r.count(x); };
    auto span = [&r](const pgm::IniEntry& x) { return r.timespan(x); };

    if (e.key == "NodeName")
        r.assign(m.nodeName, e, [&r](const pgm::IniEntry& x) { return r.name(x); });
    else if (e.key == "StateDirectory")
        r.assign(m.stateDirectory, e, [&r](const pgm::IniEntry& x) { return r.absolutePath(x); });
    else if (e.key == "StopTimeoutSec")
        r.assign(m.stopTimeout, e, [&r](const pgm::IniEntry& x) { return r.positiveTimespan(x); });
    else if (e.key == "HostReinitBurst")
        r.assign(m.hostReinitBurst, e, count);
    else if (e.key == "HostReinitIntervalSec")
        r.assign(m.hostReinitInterval, e, span);
    else if (e.key == "RebootBurst")
        r.assign(m.rebootBurst, e, count);
    else if (e.key == "RebootIntervalSec")
        r.assign(m.rebootInterval, e, span);
    else if (e.key == "LogLevel")
        r.assign(m.logLevel, e, [&r](const pgm::IniEntry& x) { return logLevel(x, r); });
    else
        return false;
    return true;
}

void applyManager(const ManagerSettings& m, ManagerSpec& spec, pgm::ValueReader& r)
{
    if (m.nodeName.given())
        spec.nodeName = *m.nodeName.value;
    if (m.stateDirectory.given())
        spec.stateDirectory = *m.stateDirectory.value;
    if (m.stopTimeout.given())
        spec.stopTimeout = *m.stopTimeout.value;
    if (m.hostReinitBurst.given())
        spec.hostReinits.burst = *m.hostReinitBurst.value;
    if (m.hostReinitInterval.given())
        spec.hostReinits.interval = *m.hostReinitInterval.value;
    if (m.rebootBurst.given())
        spec.reboots.burst = *m.rebootBurst.value;
    if (m.rebootInterval.given())
        spec.reboots.interval = *m.rebootInterval.value;
    if (m.logLevel.given())
        spec.logLevel = *m.logLevel.value;

    checkBudget(m.hostReinitBurst, "HostReinitBurst", m.hostReinitInterval, "HostReinitIntervalSec",
                spec.hostReinits, r);
    checkBudget(m.rebootBurst, "RebootBurst", m.rebootInterval, "RebootIntervalSec", spec.reboots, r);
}

} // namespace

ManagerSpec defaultManagerSpec()
{
    ManagerSpec spec;
    for (Layer l : {Layer::System, Layer::Platform, Layer::Application})
        spec.layers[l] = defaultLayerPolicy(l);
    return spec;
}

void readManagerFile(const pgm::IniDocument& doc, ManagerSpec& manager, std::optional<ClusterSpec>& cluster,
                     const std::string& hostName, pgm::ConfigErrors& errors)
{
    pgm::ValueReader r(doc.file, errors);
    for (const auto& s : doc.sections)
        if (s.name != "Manager" && s.name != kIndependentComputerSection && s.name != kClusterSection &&
            !layerOfSection(s.name))
            r.unknownSection(s);

    IcdSettings icd;
    for (const auto& s : doc.sections)
        if (s.name == kIndependentComputerSection && icd.sectionLine == 0)
            icd.sectionLine = s.line;
    ClusterSettings clusterSettings;
    for (const auto& s : doc.sections)
        if (s.name == kClusterSection && clusterSettings.sectionLine == 0)
            clusterSettings.sectionLine = s.line;

    ManagerSettings settings;
    std::map<Layer, PolicySettings> layers;
    for (const auto& e : doc.entries) {
        if (e.section == "Manager") {
            if (!readManagerKey(e, settings, r))
                r.unknownKey(e);
        } else if (e.section == kIndependentComputerSection) {
            if (!readIcdKey(e, icd, r))
                r.unknownKey(e);
        } else if (e.section == kClusterSection) {
            if (!readClusterKey(e, clusterSettings, r))
                r.unknownKey(e);
        } else if (auto layer = layerOfSection(e.section)) {
            if (!readPolicyKey(e, layers[*layer], r))
                r.unknownKey(e);
        }
    }

    applyManager(settings, manager, r);
    if (icd.sectionLine != 0)
        manager.independentComputer = resolveIcd(icd, r);
    cluster = resolveCluster(clusterSettings, manager.nodeName.empty() ? hostName : manager.nodeName,
                             settings.nodeName.written, r);
    for (const auto& [layer, policy] : layers) {
        LayerPolicy& resolved = manager.layers[layer];
        resolved = applyPolicy(policy, resolved);
        checkPolicy(policy, resolved, layer, r);
    }
}

} // namespace pgmd
