#include "common/ini/ini_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace pgm {

static bool operator==(const IniEntry& a, const IniEntry& b)
{
    return a.section == b.section && a.key == b.key && a.value == b.value && a.line == b.line;
}

static void PrintTo(const IniEntry& e, std::ostream* os)
{
    *os << "{[" << e.section << "] " << e.key << "='" << e.value << "' @" << e.line << "}";
}

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

IniEntry entry(std::string section, std::string key, std::string value, unsigned line)
{
    return {std::move(section), std::move(key), std::move(value), line};
}

TEST(ParseIni, LinesThatAreNotUtf8AreErrors)
{
    ConfigErrors errors;
    IniDocument doc = parseIni("f", "[A]\nok=gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x98\x80\nbad=\xFF\n"
                                    "overlong=\xC0\xAF\ncut=\xE2\x82\nsurrogate=\xED\xA0\x80\n", errors);
    EXPECT_THAT(doc.entries, ElementsAre(entry("A", "ok", "gr\xC3\xBC\xC3\x9F \xE2\x82\xAC \xF0\x9F\x98\x80", 2)));
    ASSERT_EQ(errors.size(), 4u);
    for (unsigned i = 0; i < 4; ++i) {
        EXPECT_EQ(errors[i].line, i + 3);
        EXPECT_EQ(errors[i].message, "line is not valid UTF-8");
    }
}

TEST(ParseIni, EntriesCarryTheirSectionAndLine)
{
    ConfigErrors errors;
    IniDocument doc = parseIni("f", "# comment\n[A]\nx=1\n\n; other comment\n[B]\ny = two words \n[A]\nz=\n", errors);
    EXPECT_THAT(errors, IsEmpty());
    EXPECT_THAT(doc.entries, ElementsAre(entry("A", "x", "1", 3), entry("B", "y", "two words", 7),
                                         entry("A", "z", "", 9)));
    ASSERT_EQ(doc.sections.size(), 3u);
    EXPECT_EQ(doc.sections[0].name, "A");
    EXPECT_EQ(doc.sections[0].line, 2u);
    EXPECT_EQ(doc.sections[1].name, "B");
    EXPECT_EQ(doc.sections[2].line, 8u);
}

TEST(ParseIni, ReportsEveryMalformedLineAndKeepsTheRest)
{
    ConfigErrors errors;
    IniDocument doc = parseIni("f",
                               "[A]\n"
                               "no equals sign\n"
                               "a=1\n"
                               "[Broken\n"
                               "Key: value\n"
                               "= value\n"
                               "[]\n"
                               "[a]b]\n"
                               "b=2\n"
                               "Key ;x=1\n"
                               "[C] trailing\n"
                               "c=3\n",
                               errors);
    EXPECT_THAT(errors,
                ElementsAre(ConfigError{"f", 2, "", "expected Key=value, [Section] or a comment"},
                            ConfigError{"f", 4, "", "malformed section header (expected [Name])"},
                            ConfigError{"f", 5, "", "expected Key=value, [Section] or a comment"},
                            ConfigError{"f", 6, "", "missing key before '='"},
                            ConfigError{"f", 7, "", "malformed section header (expected [Name])"},
                            ConfigError{"f", 8, "", "malformed section header (expected [Name])"},
                            ConfigError{"f", 10, "", "malformed key"},
                            ConfigError{"f", 11, "", "malformed section header (expected [Name])"}));
    // Malformed headers do not open a section: their keys stay in the last good one.
    EXPECT_THAT(doc.entries, ElementsAre(entry("A", "a", "1", 3), entry("A", "b", "2", 9), entry("A", "c", "3", 12)));
}

TEST(ParseIni, AssignmentBeforeAnySection)
{
    ConfigErrors errors;
    IniDocument doc = parseIni("f", "\nLayer=system\n[Group]\nLayer=platform\n", errors);
    EXPECT_THAT(errors, ElementsAre(ConfigError{"f", 2, "Layer", "assignment outside of any section"}));
    EXPECT_THAT(doc.entries, ElementsAre(entry("Group", "Layer", "platform", 4)));
}

TEST(ParseIni, IndentationIsNotContinuation)
{
    ConfigErrors errors;
    IniDocument doc = parseIni("f", "[A]\n  a=1\n\tb=2\n   [B]\n    c=3\n", errors);
    EXPECT_THAT(errors, IsEmpty());
    EXPECT_THAT(doc.entries, ElementsAre(entry("A", "a", "1", 2), entry("A", "b", "2", 3), entry("B", "c", "3", 5)));
}

TEST(ParseIni, ToleratesByteOrderMarkAndCarriageReturns)
{
    ConfigErrors errors;
    IniDocument doc = parseIni("f", "\xEF\xBB\xBF[A]\r\na=1\r\n\r\nb=2", errors);
    EXPECT_THAT(errors, IsEmpty());
    EXPECT_THAT(doc.entries, ElementsAre(entry("A", "a", "1", 2), entry("A", "b", "2", 4)));
}

TEST(ParseIni, SemicolonAfterWhitespaceStartsAComment)
{
    ConfigErrors errors;
    IniDocument doc = parseIni("f", "[A]\na=x ; note\nb=x;y\nc=#not a comment\n", errors);
    EXPECT_THAT(errors, IsEmpty());
    EXPECT_THAT(doc.entries, ElementsAre(entry("A", "a", "x", 2), entry("A", "b", "x;y", 3),
                                         entry("A", "c", "#not a comment", 4)));
}

TEST(ParseIni, OverlongLineIsReportedAndTheNextLinesStayIntact)
{
    ConfigErrors errors;
    std::string text = "[A]\nlong=" + std::string(300, 'x') + "\nafter=1\n";
    IniDocument doc = parseIni("f", text, errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 2u);
    EXPECT_THAT(errors[0].message, ::testing::StartsWith("line too long"));
    EXPECT_THAT(doc.entries, ElementsAre(entry("A", "after", "1", 3)));
}

TEST(ParseIni, LongSectionNamesAreKeptWhole)
{
    ConfigErrors errors;
    std::string section = "Process." + std::string(64, 'p');
    IniDocument doc = parseIni("f", "[" + section + "]\nExecStart=/bin/true\n", errors);
    EXPECT_THAT(errors, IsEmpty());
    EXPECT_THAT(doc.entries, ElementsAre(entry(section, "ExecStart", "/bin/true", 2)));
}

TEST(ReadIniFile, ReportsAFileThatCannotBeRead)
{
    char dirTemplate[] = "/tmp/pgmd-ini-test-XXXXXX";
    ASSERT_NE(mkdtemp(dirTemplate), nullptr);
    std::string dir = dirTemplate;
    ConfigErrors errors;

    EXPECT_EQ(readIniFile(dir, errors), std::nullopt);  // a directory
    EXPECT_EQ(readIniFile(dir + "/absent", errors), std::nullopt);
    EXPECT_THAT(errors, ElementsAre(ConfigError{dir, 0, "", "is a directory, not a regular file"},
                                    ConfigError{dir + "/absent", 0, "", "cannot open: No such file or directory"}));
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace pgm
