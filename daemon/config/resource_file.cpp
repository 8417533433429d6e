#include "resource_file.hpp"

#include "common/ini/value_reader.hpp"

namespace pgmd {

namespace {

struct ResourceSettings {
    unsigned resourceLine = 0;  // the first [Resource] header
    pgm::Setting<ResourceKind> kind;
    pgm::Setting<std::string> path;
    pgm::Setting<std::uint64_t> minFree;
    pgm::Setting<std::vector<std::string>> command;
    pgm::Setting<std::vector<std::string>> reinit;
    pgm::Setting<Duration> checkInterval;
    pgm::Setting<Duration> timeout;
};

void readResourceKey(const pgm::IniEntry& e, ResourceSettings& s, pgm::ValueReader& r)
{
    auto command = [&r](const pgm::IniEntry& x) { return r.command(x); };
    auto timeout = [&r](const pgm::IniEntry& x) { return r.positiveTimespan(x); };

    if (e.key == "Type")
        r.assign(s.kind, e, [&r](const pgm::IniEntry& x) -> std::optional<ResourceKind> {
            constexpr ResourceKind kinds[] = {ResourceKind::Path, ResourceKind::Mount, ResourceKind::FreeSpace,
                                              ResourceKind::Command};
            if (auto i = r.choice(x, {"path", "mount", "free-space", "command"}))
                return kinds[*i];
            return std::nullopt;
        });
    else if (e.key == "Path")
        r.assign(s.path, e, [&r](const pgm::IniEntry& x) { return r.absolutePath(x); });
    else if (e.key == "MinFree")
        r.assign(s.minFree, e, [&r](const pgm::IniEntry& x) { return r.size(x); });
    else if (e.key == "Command")
        r.assign(s.command, e, command);
    else if (e.key == "Reinit")
        r.assign(s.reinit, e, command);
    else if (e.key == "CheckIntervalSec")
        r.assign(s.checkInterval, e, timeout);
    else if (e.key == "TimeoutSec")
        r.assign(s.timeout, e, timeout);
    else
        r.unknownKey(e);
}

// Each type needs some keys and has no use for others.
void checkKeysForKind(const ResourceSettings& s, ResourceKind kind, pgm::ValueReader& r)
{
    const std::string type = toString(kind);
    auto require = [&](bool written, const char* key) {
        if (!written)
            r.error(s.resourceLine, key, std::string("missing; a ") + type + " resource needs " + key + "=");
    };
    auto forbid = [&](bool given, unsigned line, const char* key, const char* onlyFor) {
        if (given)
            r.error(line, key, std::string(key) + "= applies only to " + onlyFor + " resources");
    };

    bool hasPath = kind != ResourceKind::Command;
    if (hasPath)
        require(s.path.written, "Path");
    else
        forbid(s.path.given(), s.path.line, "Path", "path, mount and free-space");

    if (kind == ResourceKind::FreeSpace)
        require(s.minFree.written, "MinFree");
    else
        forbid(s.minFree.given(), s.minFree.line, "MinFree", "free-space");

    if (kind == ResourceKind::Command)
        require(s.command.written, "Command");
    else
        forbid(s.command.given(), s.command.line, "Command", "command");
}

} // namespace

ResourceSpec readResourceFile(const pgm::IniDocument& doc, const std::string& name, pgm::ConfigErrors& errors)
{
    pgm::ValueReader r(doc.file, errors);
    ResourceSettings s;
    for (const auto& sec : doc.sections) {
        if (sec.name != "Resource")
            r.unknownSection(sec);
        else if (s.resourceLine == 0)
            s.resourceLine = sec.line;
    }
    for (const auto& e : doc.entries)
        if (e.section == "Resource")
            readResourceKey(e, s, r);

    ResourceSpec spec;
    spec.name = name;
    spec.sourceFile = doc.file;
    if (s.kind.given())
        checkKeysForKind(s, *s.kind.value, r);
    else if (!s.kind.written)
        r.error(s.resourceLine, "Type", "missing; set Type= to path, mount, free-space or command");

    spec.kind = s.kind.value.value_or(ResourceKind::Path);
    spec.path = s.path.value.value_or("");
    spec.minFreeBytes = s.minFree.value.value_or(0);
    spec.command = s.command.value.value_or(std::vector<std::string>{});
    spec.reinit = s.reinit.value.value_or(std::vector<std::string>{});
    if (s.checkInterval.given())
        spec.checkInterval = *s.checkInterval.value;
    if (s.timeout.given())
        spec.commandTimeout = *s.timeout.value;
    return spec;
}

} // namespace pgmd
