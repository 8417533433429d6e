#include "app/last_good_config.hpp"

#include "../support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pgmd {
namespace {

namespace fs = std::filesystem;

void write(const std::string& path, const std::string& text)
{
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << text;
}

// The smallest valid group: one inline process, so no unit has to exist.
std::string group(const std::string& layer, const std::string& extra = "")
{
    return "[Group]\nLayer=" + layer + "\n" + extra + "[Process.w]\nExecStart=/bin/true\n";
}

std::string read(const std::string& path)
{
    std::ostringstream text;
    text << std::ifstream(path).rdbuf();
    return text.str();
}

class LastGoodConfig : public ::testing::Test {
protected:
    test::TempDir config, state;
};

TEST_F(LastGoodConfig, CopiesWhatTheLoaderReadsAndNothingElse)
{
    write(config / "pgmd.conf", "[Manager]\nNodeName=n1\n");
    write(config / "groups.d/a.group", group("application"));
    write(config / "groups.d/notes.txt", "not configuration");
    write(config / "resources.d/disk.resource", "[Resource]\nType=path\nPath=/\n");
    keepLastGood(config.path(), state.path());

    const std::string copy = lastGoodDirectory(state.path());
    EXPECT_EQ(copy, state / "last-good");
    EXPECT_EQ(read(copy + "/pgmd.conf"), "[Manager]\nNodeName=n1\n");
    EXPECT_EQ(read(copy + "/groups.d/a.group"), group("application"));
    EXPECT_TRUE(fs::exists(copy + "/resources.d/disk.resource"));
    EXPECT_FALSE(fs::exists(copy + "/groups.d/notes.txt"));
    EXPECT_FALSE(fs::exists(copy + ".new"));
}

TEST_F(LastGoodConfig, ANewCopyReplacesTheOldOneWhole)
{
    write(config / "groups.d/a.group", group("application"));
    keepLastGood(config.path(), state.path());
    fs::remove(config / "groups.d/a.group");
    write(config / "groups.d/b.group", group("platform"));
    keepLastGood(config.path(), state.path());

    const std::string copy = lastGoodDirectory(state.path());
    EXPECT_FALSE(fs::exists(copy + "/groups.d/a.group"));
    EXPECT_EQ(read(copy + "/groups.d/b.group"), group("platform"));
}

TEST_F(LastGoodConfig, FilesThatDoNotLoadNeverReplaceTheCopy)
{
    write(config / "groups.d/a.group", group("application"));
    keepLastGood(config.path(), state.path());
    write(config / "groups.d/a.group", group("application", "Bogus=1\n"));
    EXPECT_THROW(keepLastGood(config.path(), state.path()), std::runtime_error);
    EXPECT_EQ(read(lastGoodDirectory(state.path()) + "/groups.d/a.group"), group("application"));
}

TEST_F(LastGoodConfig, CandidatesAreTheReadableStateDirectoryThenTheDefault)
{
    write(config / "pgmd.conf", "[Manager]\nStateDirectory=/srv/pgmd\nBogus=1\n");
    const LoadResult broken = loadConfig(config.path());
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(lastGoodCandidates(broken), (std::vector<std::string>{"/srv/pgmd", "/var/lib/pgmd"}));

    write(config / "pgmd.conf", "[Manager]\nStateDirectory=relative\n");
    EXPECT_EQ(lastGoodCandidates(loadConfig(config.path())), std::vector<std::string>{"/var/lib/pgmd"});
}

} // namespace
} // namespace pgmd
