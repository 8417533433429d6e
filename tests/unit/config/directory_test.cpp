// The configuration directory itself: missing, not a directory, missing or
// unreadable parts.

#include "config/config_loader.hpp"
#include "common/ini/ini_file.hpp"
#include "test_support.hpp"
#include "../support/hang_guard.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>

namespace pgmd {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ConfigDirectory : public ::testing::Test {
protected:
    void SetUp() override
    {
        char name[] = "/tmp/pgmd-config-test-XXXXXX";
        ASSERT_NE(mkdtemp(name), nullptr);
        root = name;
    }
    void TearDown() override { fs::remove_all(root); }

    void write(const std::string& relative, const std::string& text)
    {
        fs::create_directories(fs::path(root / relative).parent_path());
        std::ofstream(root / relative) << text;
    }
    std::string path(const std::string& relative) const { return (root / relative).string(); }

    fs::path root;
};

void expectDefaults(const Config& c)
{
    ManagerSpec builtIn;
    EXPECT_EQ(c.manager.stateDirectory, builtIn.stateDirectory);
    EXPECT_EQ(c.manager.reboots, builtIn.reboots);
    ASSERT_EQ(c.manager.layers.size(), 3u);
    for (Layer l : {Layer::System, Layer::Platform, Layer::Application}) {
        const LayerPolicy& p = c.manager.layers.at(l);
        EXPECT_EQ(p.processRestarts, defaultLayerPolicy(l).processRestarts);
        EXPECT_EQ(p.groupRestarts, defaultLayerPolicy(l).groupRestarts);
        EXPECT_EQ(p.activationTimeout, defaultLayerPolicy(l).activationTimeout);
    }
    EXPECT_THAT(c.groups, IsEmpty());
    EXPECT_THAT(c.resources, IsEmpty());
}

TEST_F(ConfigDirectory, MissingDirectoryIsAnError)
{
    LoadResult r = loadConfig(path("nowhere"));
    EXPECT_THAT(r.errors, ElementsAre(pgm::ConfigError{path("nowhere"), 0, "",
                                                       "configuration directory does not exist"}));
    expectDefaults(r.config);
}

TEST_F(ConfigDirectory, AFileIsNotADirectory)
{
    write("file", "");
    LoadResult r = loadConfig(path("file"));
    EXPECT_THAT(r.errors, ElementsAre(pgm::ConfigError{path("file"), 0, "", "not a directory"}));
}

TEST_F(ConfigDirectory, EmptyDirectoryMeansAllDefaults)
{
    LoadResult r = loadConfig(root.string());
    EXPECT_TRUE(r.ok());
    expectDefaults(r.config);
}

TEST_F(ConfigDirectory, UnreadablePartsAreReportedAndTheRestStillLoads)
{
    fs::create_symlink(path("absent.conf"), root / "pgmd.conf");
    fs::create_directories(root / "groups.d" / "dir.group");
    write("groups.d/ok.group", "[Group]\nLayer=platform\nUnits=ok.service\n");
    write("resources.d", "a file where a directory belongs\n");

    LoadResult r = loadConfig(root.string());
    EXPECT_THAT(r.errors, ElementsAre(
        pgm::ConfigError{path("pgmd.conf"), 0, "", "cannot open: No such file or directory"},
        pgm::ConfigError{path("groups.d/dir.group"), 0, "", "is a directory, not a regular file"},
        pgm::ConfigError{path("resources.d"), 0, "", "cannot list directory: Not a directory"}));
    ASSERT_EQ(r.config.groups.size(), 1u);
    EXPECT_EQ(r.config.groups[0].name, "ok");
}

// Each of these once hung the load (a FIFO) or ate the host's memory (a
// link to /dev/zero); now each is one error against its file, and the other
// files still load.
TEST_F(ConfigDirectory, FilesThatAreNotRegularAreRefusedWithoutReadingThem)
{
    test::HangGuard guard;
    fs::create_directories(root / "groups.d");
    ASSERT_EQ(::mkfifo(path("pgmd.conf").c_str(), 0600), 0);
    fs::create_symlink("/dev/zero", root / "groups.d" / "zero.group");
    ASSERT_EQ(::mkfifo(path("groups.d/fifo.group").c_str(), 0600), 0);
    write("groups.d/ok.group", "[Group]\nLayer=platform\nUnits=ok.service\n");

    LoadResult r = loadConfig(root.string());
    EXPECT_THAT(r.errors, ElementsAre(
        pgm::ConfigError{path("pgmd.conf"), 0, "", "is a FIFO, not a regular file"},
        pgm::ConfigError{path("groups.d/fifo.group"), 0, "", "is a FIFO, not a regular file"},
        pgm::ConfigError{path("groups.d/zero.group"), 0, "", "is a character device, not a regular file"}));
    ASSERT_EQ(r.config.groups.size(), 1u);
    EXPECT_EQ(r.config.groups[0].name, "ok");
}

TEST_F(ConfigDirectory, AFileOverTheCapIsRefused)
{
    write("groups.d/big.group", "[Group]\nLayer=platform\nUnits=ok.service\n" + std::string(pgm::kMaxConfigFileSize,
                                                                                            '#'));
    LoadResult r = loadConfig(root.string());
    EXPECT_THAT(r.errors, ElementsAre(pgm::ConfigError{path("groups.d/big.group"), 0, "",
                                                  "is larger than 1 MiB, the most this file may hold"}));
}

TEST_F(ConfigDirectory, ALinkToARegularFileIsRead)
{
    write("elsewhere/web.group", "[Group]\nLayer=platform\nUnits=web.service\n");
    fs::create_directories(root / "groups.d");
    fs::create_symlink(root / "elsewhere" / "web.group", root / "groups.d" / "web.group");
    LoadResult r = loadConfig(root.string());
    EXPECT_TRUE(r.ok());
    ASSERT_EQ(r.config.groups.size(), 1u);
    EXPECT_EQ(r.config.groups[0].name, "web");
}

TEST_F(ConfigDirectory, FileNamedOnlyByItsExtensionHasAnInvalidName)
{
    write("groups.d/.group", "[Group]\nLayer=platform\nUnits=x.service\n");
    LoadResult r = loadConfig(root.string());
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].file, path("groups.d/.group"));
    EXPECT_THAT(r.errors[0].message, ::testing::StartsWith("invalid group name ''"));
}

TEST_F(ConfigDirectory, TrailingSlashDoesNotChangeFileNames)
{
    write("groups.d/g.group", "[Group]\nLayer=bogus\nUnits=x.service\n");
    LoadResult r = loadConfig(root.string() + "/");
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].file, path("groups.d/g.group"));
    EXPECT_EQ(r.errors[0].line, 2u);
}

} // namespace
} // namespace pgmd
