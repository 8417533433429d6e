#include "transient_unit.hpp"

#include "systemd_names.hpp"

#include <stdexcept>

namespace pgmd {

std::vector<UnitProperty> transientUnitProperties(const MemberSpec& member, const std::string& slice)
{
    if (member.execStart.empty())
        throw std::invalid_argument(member.name + ": no command to run");

    // ExecStart is a(sasb): binary, argv (argv[0] included), ignore failure.
    using Command = sdbus::Struct<std::string, std::vector<std::string>, bool>;
    std::vector<Command> exec{Command{member.execStart.front(), member.execStart, false}};

    std::vector<UnitProperty> props{
        {"Description", sdbus::Variant(std::string("pgmd member ") + member.name)},
        {"Slice", sdbus::Variant(slice)},
        {"Type", sdbus::Variant(member.serviceType)},
        {"ExecStart", sdbus::Variant(exec)},
        {"Restart", sdbus::Variant(std::string("no"))},
        {"Before", sdbus::Variant(std::vector<std::string>{systemd::pgmdUnit})},
    };
    // A oneshot member counts as running once it has run: without this it
    // would be inactive, and so a fault, as soon as it finished.
    if (member.serviceType == "oneshot")
        props.push_back({"RemainAfterExit", sdbus::Variant(true)});
    if (!member.environment.empty())
        props.push_back({"Environment", sdbus::Variant(member.environment)});
    if (!member.user.empty())
        props.push_back({"User", sdbus::Variant(member.user)});
    if (!member.workingDirectory.empty())
        props.push_back({"WorkingDirectory", sdbus::Variant(member.workingDirectory)});
    return props;
}

} // namespace pgmd
