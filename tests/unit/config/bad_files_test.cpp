// Fixtures with mistakes inside single files: every one must be reported, at
// its file, line and key, in one load.

#include "config/config_loader.hpp"
#include "common/ini/values.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pgmd {
namespace {

using ::testing::ElementsAreArray;
using ::testing::UnorderedElementsAreArray;

const std::string kRule = " (" + std::string(pgm::kNameRule) + ")";
const std::string kSpanHint = " (examples: 500ms, 5s, 5min, 1h 30min)";
const std::string kBoolHint = " (allowed: yes, no, true, false, on, off, 1, 0)";
const std::string kCountHint = " (expected a non-negative integer)";
const std::string kNoRestart = "system-layer groups are never restarted; their failure goes to the host";

TEST(BadFiles, SyntaxErrorsOnEveryLineOfEveryFileTogetherWithBadValues)
{
    test::Expect e("bad-syntax");
    LoadResult r = loadConfig(e.dir());
    EXPECT_THAT(r.errors, ElementsAreArray({
        e("pgmd.conf", 2, "", "expected Key=value, [Section] or a comment"),
        e("pgmd.conf", 3, "StopTimeoutSec", "invalid time span 'forever'" + kSpanHint),
        e("pgmd.conf", 4, "", "malformed section header (expected [Name])"),
        e("pgmd.conf", 5, "RebootBurst", "invalid number 'two'" + kCountHint),
        e("pgmd.conf", 6, "", "expected Key=value, [Section] or a comment"),
        e("groups.d/web.group", 1, "Layer", "assignment outside of any section"),
        e("groups.d/web.group", 5, "", "expected Key=value, [Section] or a comment"),
        e("groups.d/web.group", 6, "Restartable", "invalid boolean 'perhaps'" + kBoolHint),
    }));
    EXPECT_FALSE(r.ok());
    // What could be read still is.
    ASSERT_EQ(r.config.groups.size(), 1u);
    EXPECT_EQ(r.config.groups[0].members.at(0).name, "web.service");
}

TEST(BadFiles, ManagerFile)
{
    test::Expect e("bad-manager");
    LoadResult r = loadConfig(e.dir());
    const std::string f = "pgmd.conf";
    EXPECT_THAT(r.errors, ElementsAreArray({
        e(f, 2, "NodeName", "invalid name '-node'" + kRule),
        e(f, 3, "StateDirectory", "'var/lib/pgmd' is not an absolute path"),
        e(f, 4, "StopTimeoutSec", "must be greater than 0"),
        e(f, 5, "HostReinitBurst", "invalid number '-1'" + kCountHint),
        e(f, 6, "HostReinitIntervalSec", "invalid time span 'soon'" + kSpanHint),
        e(f, 8, "RebootIntervalSec", "a burst of 3 needs an interval greater than 0"),
        e(f, 9, "Colour", "unknown key"),
        e(f, 10, "LogLevel", "invalid value 'loud' (allowed: emerg, alert, crit, err, warning, notice, info, debug, "
                             "or 0-7)"),
        e(f, 12, "ProcessRestartBurst", kNoRestart),
        e(f, 13, "GroupRestartBurst", kNoRestart),
        e(f, 14, "ActivationTimeoutSec", "must be greater than 0"),
        e(f, 17, "GroupRestartIntervalSec", "a burst of 2 needs an interval greater than 0"),
        e(f, 18, "ProcessRestartIntervalSec", "invalid time span '5 parsecs'" + kSpanHint),
        e(f, 22, "ProcessRestartIntervalSec", "a burst of 2 needs an interval greater than 0"),
        e(f, 23, "GroupRestartBurst", "invalid number 'many'" + kCountHint),
        e(f, 25, "", "unknown section [Network]"),
    }));
    // Without a groups.d there are simply no groups.
    EXPECT_TRUE(r.config.groups.empty());
}

TEST(BadFiles, EveryKindOfBadValueInAGroup)
{
    test::Expect e("bad-values");
    LoadResult r = loadConfig(e.dir());
    const std::string f = "groups.d/values.group";
    const std::string notService = " is not a service unit name (only .service units may be members)";
    const std::string notEnv = " is not a KEY=value assignment";
    const std::string quotes = "unbalanced quotes or trailing backslash";
    EXPECT_THAT(r.errors, ElementsAreArray({
        e(f, 2, "Layer", "invalid value 'middleware' (allowed: system, platform, application)"),
        e(f, 3, "Units", "'web.socket'" + notService),
        e(f, 3, "Units", "'api'" + notService),
        e(f, 4, "DependsOn", "invalid group name '-bad'" + kRule),
        e(f, 5, "Resources", "invalid resource name '.hidden'" + kRule),
        e(f, 6, "Restartable", "invalid boolean 'maybe'" + kBoolHint),
        e(f, 7, "ProcessRestartBurst", "invalid number 'x'" + kCountHint),
        e(f, 8, "ProcessRestartIntervalSec", "invalid time span '5 parsecs'" + kSpanHint),
        e(f, 9, "ActivationTimeoutSec", "must be greater than 0"),
        e(f, 10, "Role", "invalid value 'leader' (allowed: primary, alternate)"),
        e(f, 11, "Standby", "invalid value 'warm' (allowed: hot, cold)"),
        e(f, 12, "Mate", "invalid name 'node b'" + kRule),
        e(f, 13, "Colour", "unknown key"),
        e(f, 14, "GroupRestartIntervalSec", "time span '15000000w' is too long (at most 10 years)"),
        e(f, 15, "", "unknown section [Service]"),
        e(f, 19, "ExecStart", "the program 'bin/worker' must be an absolute path"),
        e(f, 20, "Type", "invalid value 'daemon' (allowed: simple, exec, notify, forking, oneshot)"),
        e(f, 21, "Environment", "'1BAD=2'" + notEnv),
        e(f, 22, "Environment", quotes),
        e(f, 23, "User", "invalid user name 'bad user'"),
        e(f, 24, "WorkingDirectory", "'srv' is not an absolute path"),
        e(f, 25, "Restartable", "invalid boolean 'sometimes'" + kBoolHint),
        e(f, 28, "ExecStart", quotes),
        e(f, 30, "", "invalid process name '-dash'" + kRule),
        e(f, 33, "ExecStart", "[Process.empty] needs ExecStart= (an inline process) or Unit= (an existing unit)"),
        // Checks across files come after those of single files.
        e(f, 4, "DependsOn", "unknown group 'good-one'"),
    }));
}

TEST(BadFiles, GroupRules)
{
    test::Expect e("bad-groups");
    LoadResult r = loadConfig(e.dir());
    const std::string p = "groups.d/processes.group";
    const std::string inlineOnly = "= applies only to inline processes (with ExecStart=), not with Unit=";
    EXPECT_THAT(r.errors, UnorderedElementsAreArray({
        e("groups.d/app-budget.group", 5, "ProcessRestartIntervalSec", "a burst of 2 needs an interval greater than 0"),
        e("groups.d/app-budget.group", 6, "GroupRestartIntervalSec", "a burst of 2 needs an interval greater than 0"),
        e("groups.d/bad!name.group", 0, "", "invalid group name 'bad!name'" + kRule),
        e("groups.d/empty.group", 2, "Units",
          "the group has no members; list units in Units= or add a [Process.NAME] section"),
        e("groups.d/no-layer.group", 1, "Layer", "missing; set Layer= to system, platform or application"),
        e("groups.d/no-section.group", 0, "Layer", "missing; set Layer= to system, platform or application"),
        e("groups.d/no-section.group", 0, "Units",
          "the group has no members; list units in Units= or add a [Process.NAME] section"),
        e("groups.d/pair-nomate.group", 4, "Role", "Role= needs Mate= (the node that runs the other half)"),
        e("groups.d/pair-norole.group", 4, "Mate", "Mate= needs Role="),
        e("groups.d/pair-norole.group", 5, "Standby", "Standby= needs Role= or Redundancy="),
        e("groups.d/pair-platform.group", 4, "Role",
          "only application groups can be paired; this group is in the platform layer"),
        e(p, 7, "Unit", "Unit= and ExecStart= cannot be combined in one [Process.both] section"),
        e(p, 9, "ExecStart", "[Process.neither] needs ExecStart= (an inline process) or Unit= (an existing unit)"),
        e(p, 14, "Type", "Type" + inlineOnly),
        e(p, 15, "Environment", "Environment" + inlineOnly),
        e(p, 16, "User", "User" + inlineOnly),
        e(p, 17, "WorkingDirectory", "WorkingDirectory" + inlineOnly),
        e(p, 20, "Unit", "unit 'unitopts.service' is already used by another [Process.*] section (line 13)"),
        e(p, 23, "ExecStart",
          "inline process 'shadow' runs as 'pgm-processes-shadow.service', which is already a member of this group"),
        e("groups.d/sys.group", 4, "Restartable", kNoRestart),
        e("groups.d/sys.group", 5, "ProcessRestartBurst", kNoRestart),
        e("groups.d/sys.group", 7, "Role", "only application groups can be paired; this group is in the system layer"),
        e("groups.d/sys.group", 12, "Restartable", kNoRestart),
    }));
}

TEST(BadFiles, ErrorsOfOneFileAreInLineOrder)
{
    test::Expect e("bad-groups");
    LoadResult r = loadConfig(e.dir());
    std::vector<unsigned> lines;
    for (const auto& err : r.errors)
        if (err.file == e.path("groups.d/processes.group"))
            lines.push_back(err.line);
    EXPECT_TRUE(std::is_sorted(lines.begin(), lines.end()));
    EXPECT_EQ(lines.size(), 8u);
}

TEST(BadFiles, ProcessSectionOnAListedUnitStillAppliesDespiteOtherErrors)
{
    LoadResult r = loadConfig(test::dataDir("bad-groups"));
    auto g = std::find_if(r.config.groups.begin(), r.config.groups.end(),
                          [](const GroupSpec& x) { return x.name == "processes"; });
    ASSERT_NE(g, r.config.groups.end());
    ASSERT_GE(g->members.size(), 1u);
    EXPECT_EQ(g->members[0].name, "listed.service");
    EXPECT_FALSE(g->members[0].restartable);
}

TEST(BadFiles, Resources)
{
    test::Expect e("bad-resources");
    LoadResult r = loadConfig(e.dir());
    const std::string c = "resources.d/check.resource";
    EXPECT_THAT(r.errors, UnorderedElementsAreArray({
        e("resources.d/bad-type.resource", 2, "Type",
          "invalid value 'socket' (allowed: path, mount, free-space, command)"),
        e("resources.d/bad@name.resource", 0, "", "invalid resource name 'bad@name'" + kRule),
        e(c, 1, "Command", "missing; a command resource needs Command="),
        e(c, 3, "Path", "Path= applies only to path, mount and free-space resources"),
        e(c, 4, "MinFree", "MinFree= applies only to free-space resources"),
        e(c, 5, "Reinit", "the program 'fix-it' must be an absolute path"),
        e(c, 6, "CheckIntervalSec", "must be greater than 0"),
        e(c, 7, "TimeoutSec", "invalid time span '-1s'" + kSpanHint),
        e(c, 8, "Frequency", "unknown key"),
        e(c, 10, "", "unknown section [Check]"),
        e("resources.d/mount.resource", 1, "Path", "missing; a mount resource needs Path="),
        e("resources.d/no-type.resource", 1, "Type", "missing; set Type= to path, mount, free-space or command"),
        e("resources.d/quotes.resource", 3, "Command", "unbalanced quotes or trailing backslash"),
        e("resources.d/relative.resource", 3, "Path", "'srv/data' is not an absolute path"),
        e("resources.d/space.resource", 4, "MinFree", "invalid size 'lots' (examples: 512, 10K, 500M, 1G)"),
        e("resources.d/space.resource", 5, "Command", "Command= applies only to command resources"),
        e("resources.d/space2.resource", 1, "MinFree", "missing; a free-space resource needs MinFree="),
    }));
}

TEST(RepeatedKeys, LastOneWinsAndAnEmptyValueResets)
{
    LoadResult r = loadConfig(test::dataDir("repeats"));
    for (const auto& err : r.errors)
        ADD_FAILURE() << format(err);

    EXPECT_EQ(r.config.manager.stopTimeout, std::chrono::seconds(20));
    EXPECT_EQ(r.config.manager.nodeName, "");
    EXPECT_EQ(r.config.manager.reboots, (Budget{0, Duration(0)}));

    ASSERT_EQ(r.config.groups.size(), 1u);
    const GroupSpec& g = r.config.groups[0];
    EXPECT_EQ(g.layer, Layer::Application);
    EXPECT_EQ(g.description, "declared in a second [Group] section");
    EXPECT_FALSE(g.restartable);
    EXPECT_TRUE(g.dependsOn.empty());
    EXPECT_EQ(g.processRestarts, defaultLayerPolicy(Layer::Application).processRestarts);
    ASSERT_EQ(g.members.size(), 2u);
    EXPECT_EQ(g.members[0].name, "kept.service");
    EXPECT_EQ(g.members[1].execStart, (std::vector<std::string>{"/bin/second", "arg"}));
    EXPECT_EQ(g.members[1].environment, (std::vector<std::string>{"B=2"}));
    EXPECT_FALSE(g.members[1].restartable);
}

} // namespace
} // namespace pgmd
