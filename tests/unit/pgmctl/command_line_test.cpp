#include "command_line.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

ParsedCommandLine parse(std::vector<std::string> words)
{
    words.insert(words.begin(), "pgmctl");
    return parseCommandLine(words);
}

Invocation invocation(std::vector<std::string> words)
{
    ParsedCommandLine parsed = parse(std::move(words));
    if (auto* error = std::get_if<UsageError>(&parsed))
        ADD_FAILURE() << error->message;
    return std::get<Invocation>(parsed);
}

std::string usageError(std::vector<std::string> words)
{
    ParsedCommandLine parsed = parse(std::move(words));
    EXPECT_TRUE(std::holds_alternative<UsageError>(parsed));
    auto* error = std::get_if<UsageError>(&parsed);
    return error != nullptr ? error->message : "";
}

TEST(CommandLine, NoCommandMeansList)
{
    Invocation i = invocation({});
    EXPECT_EQ(i.command->command, Command::List);
    EXPECT_TRUE(i.arguments.empty());
}

TEST(CommandLine, CommandAndGroups)
{
    Invocation i = invocation({"offline", "billing", "msgbus"});
    EXPECT_EQ(i.command->command, Command::Offline);
    EXPECT_EQ(i.arguments, (std::vector<std::string>{"billing", "msgbus"}));
}

TEST(CommandLine, OptionsAnywhere)
{
    Invocation i = invocation({"--no-pager", "status", "billing", "-q", "--no-legend", "--no-color"});
    EXPECT_EQ(i.command->command, Command::Status);
    EXPECT_EQ(i.arguments, std::vector<std::string>{"billing"});
    EXPECT_TRUE(i.options.noPager);
    EXPECT_TRUE(i.options.quiet);
    EXPECT_TRUE(i.options.noLegend);
    EXPECT_TRUE(i.options.noColor);
}

TEST(CommandLine, DoubleDashEndsOptions)
{
    Invocation i = invocation({"status", "--", "-odd-name"});
    EXPECT_EQ(i.arguments, std::vector<std::string>{"-odd-name"});
}

TEST(CommandLine, JsonModes)
{
    EXPECT_EQ(invocation({"list"}).options.json, JsonMode::Off);
    EXPECT_EQ(invocation({"list", "--json"}).options.json, JsonMode::Short);
    EXPECT_EQ(invocation({"list", "--json=short"}).options.json, JsonMode::Short);
    EXPECT_EQ(invocation({"list", "--json=pretty"}).options.json, JsonMode::Pretty);
    EXPECT_EQ(usageError({"list", "--json=ugly"}), "Unknown JSON mode 'ugly' (expected short or pretty).");
}

TEST(CommandLine, JsonOnlyWhereThereIsOutput)
{
    for (const char* command : {"list", "status", "check-config", "watch"})
        EXPECT_EQ(invocation({command, "--json"}).options.json, JsonMode::Short) << command;
    EXPECT_EQ(invocation({"key", "billing", "--json"}).options.json, JsonMode::Short);
    EXPECT_EQ(usageError({"offline", "billing", "--json"}), "'pgmctl offline' has no JSON output.");
}

TEST(CommandLine, HelpAndVersionWinOverEverythingElse)
{
    EXPECT_EQ(std::get<InfoRequest>(parse({"offline", "-h"})), InfoRequest::Help);
    EXPECT_EQ(std::get<InfoRequest>(parse({"--help"})), InfoRequest::Help);
    EXPECT_EQ(std::get<InfoRequest>(parse({"--version", "bogus"})), InfoRequest::Version);
}

TEST(CommandLine, UnknownCommandAndOptions)
{
    EXPECT_EQ(usageError({"start", "billing"}), "Unknown command 'start'.");
    EXPECT_EQ(usageError({"--frobnicate"}), "Unknown option '--frobnicate'.");
    EXPECT_EQ(usageError({"--frobnicate=3"}), "Unknown option '--frobnicate'.");
    EXPECT_EQ(usageError({"-x"}), "Unknown option '-x'.");
    EXPECT_EQ(usageError({"--no-pager", "-qx"}), "Unknown option '-x'.");
    EXPECT_EQ(usageError({"--no-pager=yes"}), "Option '--no-pager' takes no argument.");
}

TEST(CommandLine, GroupCounts)
{
    EXPECT_EQ(usageError({"offline"}), "Too few arguments: expected 'pgmctl offline GROUP...'.");
    EXPECT_EQ(usageError({"key"}), "Too few arguments: expected 'pgmctl key GROUP'.");
    EXPECT_EQ(usageError({"key", "a", "b"}), "Too many arguments: expected 'pgmctl key GROUP'.");
    EXPECT_EQ(usageError({"reload", "billing"}), "Too many arguments: 'pgmctl reload' takes no arguments.");
    EXPECT_EQ(usageError({"list", "billing"}), "Too many arguments: 'pgmctl list' takes no arguments.");
    EXPECT_TRUE(invocation({"reset-failed"}).arguments.empty());
    EXPECT_TRUE(invocation({"watch"}).arguments.empty());
}

TEST(CommandLine, IndependentComputerCommands)
{
    EXPECT_EQ(invocation({"icd"}).command->command, Command::Icd);
    EXPECT_EQ(invocation({"icd", "--json=pretty"}).options.json, JsonMode::Pretty);
    EXPECT_EQ(usageError({"icd", "serial"}), "Too many arguments: 'pgmctl icd' takes no arguments.");

    Invocation cycle = invocation({"power-cycle", "disk controller hung"});
    EXPECT_EQ(cycle.command->command, Command::PowerCycle);
    EXPECT_EQ(cycle.arguments, std::vector<std::string>{"disk controller hung"});
    EXPECT_TRUE(invocation({"power-cycle"}).arguments.empty());
    EXPECT_FALSE(invocation({"power-cycle"}).options.force);
    EXPECT_TRUE(invocation({"power-cycle", "--force", "disk controller hung"}).options.force);
    EXPECT_TRUE(invocation({"--force", "power-cycle"}).options.force);
    EXPECT_EQ(usageError({"power-cycle", "disk", "hung"}),
              "Too many arguments: expected 'pgmctl power-cycle [REASON]'.");
    EXPECT_EQ(usageError({"power-cycle", "--json"}), "'pgmctl power-cycle' has no JSON output.");
}

TEST(CommandLine, ClusterCommands)
{
    EXPECT_EQ(invocation({"cluster"}).command->command, Command::Cluster);
    EXPECT_EQ(invocation({"cluster", "--json=pretty"}).options.json, JsonMode::Pretty);
    EXPECT_EQ(usageError({"cluster", "n1"}), "Too many arguments: 'pgmctl cluster' takes no arguments.");

    Invocation to = invocation({"switchover", "app", "n2", "--no-block"});
    EXPECT_EQ(to.command->command, Command::Switchover);
    EXPECT_EQ(to.arguments, (std::vector<std::string>{"app", "n2"}));
    EXPECT_TRUE(to.options.noBlock);
    EXPECT_EQ(invocation({"switchover", "--timeout=1min", "app"}).options.timeout, std::chrono::minutes(1));
    EXPECT_EQ(usageError({"switchover", "app", "n2", "n3"}),
              "Too many arguments: expected 'pgmctl switchover GROUP [NODE]'.");
    EXPECT_EQ(usageError({"switchover", "--json", "app"}), "'pgmctl switchover' has no JSON output.");
}

TEST(CommandLine, ParsingTwiceStartsAfresh)
{
    EXPECT_TRUE(invocation({"--no-pager", "list"}).options.noPager);
    EXPECT_FALSE(invocation({"list"}).options.noPager);
    EXPECT_EQ(invocation({"status", "a"}).arguments, std::vector<std::string>{"a"});
}

TEST(CommandLine, WaitOptions)
{
    Invocation waits = invocation({"online", "billing"});
    EXPECT_FALSE(waits.options.noBlock);
    EXPECT_FALSE(waits.options.timeout);
    Invocation i = invocation({"online", "--no-block", "--timeout=2min 30s", "billing"});
    EXPECT_TRUE(i.options.noBlock);
    EXPECT_EQ(i.options.timeout, std::chrono::seconds(150));
    EXPECT_EQ(invocation({"restart", "--timeout", "500ms", "billing"}).options.timeout, std::chrono::milliseconds(500));
    // 0 waits without a limit, as systemd's TimeoutStartSec=0.
    EXPECT_GT(*invocation({"online", "--timeout=0", "billing"}).options.timeout, std::chrono::hours(24 * 365));
    EXPECT_EQ(usageError({"online", "--timeout=soon", "billing"}),
              "Invalid time span 'soon' for --timeout (e.g. 30s, 2min).");
    EXPECT_EQ(usageError({"online", "billing", "--timeout"}), "Option '--timeout' needs an argument.");
}

TEST(CommandLine, FullAndExitOnDisconnect)
{
    EXPECT_TRUE(invocation({"list", "-l"}).options.full);
    EXPECT_TRUE(invocation({"--full"}).options.full);
    EXPECT_FALSE(invocation({"list"}).options.full);
    EXPECT_TRUE(invocation({"watch", "--exit-on-disconnect"}).options.exitOnDisconnect);
}

} // namespace
} // namespace pgmctl
