#pragma once
// Names of systemd's D-Bus API (see org.freedesktop.systemd1(5)).

namespace pgmd::systemd {

inline constexpr const char* service = "org.freedesktop.systemd1";
inline constexpr const char* managerPath = "/org/freedesktop/systemd1";
inline constexpr const char* unitPathPrefix = "/org/freedesktop/systemd1/unit";
inline constexpr const char* managerInterface = "org.freedesktop.systemd1.Manager";
inline constexpr const char* unitInterface = "org.freedesktop.systemd1.Unit";
inline constexpr const char* propertiesInterface = "org.freedesktop.DBus.Properties";

// Members are ordered before pgmd, so at shutdown systemd stops pgmd first and
// pgmd never takes the shutdown of its members for faults.
inline constexpr const char* pgmdUnit = "pgmd.service";

inline constexpr const char* unitExistsError = "org.freedesktop.systemd1.UnitExists";
inline constexpr const char* noSuchUnitError = "org.freedesktop.systemd1.NoSuchUnit";
inline constexpr const char* invalidArgsError = "org.freedesktop.DBus.Error.InvalidArgs";

// One rule for every unit: the bus caps match rules per connection, and a
// rule per unit would not scale to a thousand members.
inline constexpr const char* unitPropertiesMatch =
    "type='signal',sender='org.freedesktop.systemd1',interface='org.freedesktop.DBus.Properties',"
    "member='PropertiesChanged',path_namespace='/org/freedesktop/systemd1/unit'";

} // namespace pgmd::systemd
