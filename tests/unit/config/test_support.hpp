#pragma once
// Shared by the configuration tests: where the fixtures are, and readable
// failure output for errors.

#include "common/ini/config_error.hpp"
#include "config/config_loader.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <set>
#include <string>

namespace pgm {

// gtest prints this when an error list does not match (found by ADL).
inline void PrintTo(const ConfigError& e, std::ostream* os)
{
    *os << "{\"" << e.file << "\", " << e.line << ", \"" << e.key << "\", \"" << e.message << "\"}";
}

} // namespace pgm

namespace pgmd::test {

// A fixture directory under tests/unit/config/data.
inline std::string dataDir(const std::string& name)
{
    return std::string(PGMD_CONFIG_TEST_DATA) + "/" + name;
}

// Stands in for systemd: knows `units`, is unsure about any unit whose name
// starts with "unsure", and records every question.
struct FakeSystemd {
    std::set<std::string> units;
    std::multiset<std::string> asked;

    UnitExistsFn fn()
    {
        return [this](const std::string& unit) -> std::optional<bool> {
            asked.insert(unit);
            if (unit.starts_with("unsure"))
                return std::nullopt;
            return units.contains(unit);
        };
    }
};

} // namespace pgmd::test

namespace pgmd::test {

// Builds the errors expected from one fixture directory.
class Expect {
public:
    explicit Expect(std::string fixture) : dir_(dataDir(fixture)) {}

    const std::string& dir() const { return dir_; }
    std::string path(const std::string& relative) const { return dir_ + "/" + relative; }
    pgm::ConfigError operator()(const std::string& relative, unsigned line, std::string key, std::string message) const
    {
        return {path(relative), line, std::move(key), std::move(message)};
    }

private:
    std::string dir_;
};

} // namespace pgmd::test
