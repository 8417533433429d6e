#include "command_table.hpp"
#include "help_text.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

TEST(HelpText, NamesEveryCommandAndOption)
{
    std::string help = helpText();
    for (const CommandSpec& spec : commandTable())
        EXPECT_NE(help.find("\n  " + std::string(spec.name) + " "), std::string::npos) << spec.name;
    for (const char* option : {"--help", "--version", "--no-pager", "--no-legend", "--no-color", "--quiet", "--json",
                               "--full", "--no-block", "--timeout=SPAN", "--exit-on-disconnect"})
        EXPECT_NE(help.find(option), std::string::npos) << option;
}

TEST(HelpText, OperandsOfTheIndependentComputerCommands)
{
    std::string help = helpText();
    EXPECT_NE(help.find("\n  power-cycle [REASON] "), std::string::npos) << help;
    EXPECT_NE(help.find("\n  icd "), std::string::npos) << help;
}

TEST(CommandTable, ListResourcesTakesNoOperandAndHasJson)
{
    const CommandSpec* spec = findCommand("list-resources");
    ASSERT_NE(spec, nullptr);
    EXPECT_EQ(spec->command, Command::ListResources);
    EXPECT_EQ(spec->maxArguments, 0u);
    EXPECT_TRUE(spec->json);
    EXPECT_NE(helpText().find("\n  status [NAME...] "), std::string::npos) << "a group or a resource";
}

TEST(CommandTable, LookUp)
{
    EXPECT_EQ(findCommand("reset-failed")->command, Command::ResetFailed);
    EXPECT_EQ(findCommand("start"), nullptr);
    EXPECT_EQ(defaultCommand().command, Command::List);
}

} // namespace
} // namespace pgmctl
