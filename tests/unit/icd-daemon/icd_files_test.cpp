// pgm-icd's configuration and board.json read through the same reader as
// pgmd's: what is not a regular file, or too large, is refused with an error
// naming the file, without blocking on a FIFO or reading /dev/zero for ever.

#include "board_state_file.hpp"
#include "config/ini_file.hpp"
#include "icd_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using icd::daemon::BadStateFile;
using icd::daemon::boardStateFile;
using icd::daemon::loadBoardState;
using icd::daemon::loadIcdConfig;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class IcdFiles : public ::testing::Test {
protected:
    void SetUp() override
    {
        char name[] = "/tmp/pgm-icd-files-test-XXXXXX";
        ASSERT_NE(::mkdtemp(name), nullptr);
        dir = name;
        // A reader that blocks on a FIFO ends the test run instead of hanging it.
        ::alarm(20);
    }
    void TearDown() override
    {
        ::alarm(0);
        fs::remove_all(dir);
    }
    std::string path(const std::string& name) const { return (dir / name).string(); }

    // The BadStateFile message for what stands at board.json, or "" if none.
    std::string boardStateRefusal()
    {
        try {
            loadBoardState(dir.string());
        } catch (const BadStateFile& e) {
            return e.what();
        }
        return {};
    }

    fs::path dir;
};

const char* kConfig = R"([Board]
StateDirectory=/var/lib/pgm-icd-test

[Host.node-a]
HostId=1
Device=/dev/ttyS1
KeyFile=/etc/pgm-icd/node-a.key
HeartbeatTimeout=2s
BootGrace=3s
OffTime=1s
CycleBurst=2
CycleInterval=1min
RelayCommand=/usr/sbin/fence-switch --port 1
RelayTimeout=2s
)";

TEST_F(IcdFiles, AConfigThatIsAFifoIsRefused)
{
    ASSERT_EQ(::mkfifo(path("pgm-icd.conf").c_str(), 0600), 0);
    auto loaded = loadIcdConfig(path("pgm-icd.conf"));
    EXPECT_FALSE(loaded.config);
    EXPECT_THAT(loaded.errors, ElementsAre(pgmd::ConfigError{path("pgm-icd.conf"), 0, "",
                                                             "is a FIFO, not a regular file"}));
}

TEST_F(IcdFiles, AConfigLinkedToDevZeroIsRefused)
{
    fs::create_symlink("/dev/zero", path("pgm-icd.conf"));
    auto loaded = loadIcdConfig(path("pgm-icd.conf"));
    EXPECT_FALSE(loaded.config);
    EXPECT_THAT(loaded.errors, ElementsAre(pgmd::ConfigError{path("pgm-icd.conf"), 0, "",
                                                             "is a character device, not a regular file"}));
}

TEST_F(IcdFiles, AConfigOverTheCapIsRefused)
{
    std::ofstream(path("pgm-icd.conf")) << kConfig << std::string(pgmd::kMaxConfigFileSize, '#');
    auto loaded = loadIcdConfig(path("pgm-icd.conf"));
    EXPECT_FALSE(loaded.config);
    EXPECT_THAT(loaded.errors, ElementsAre(pgmd::ConfigError{path("pgm-icd.conf"), 0, "",
                                                             "is larger than 1 MiB, the most this file may hold"}));
}

TEST_F(IcdFiles, AConfigLinkedToARegularFileIsRead)
{
    std::ofstream(path("real.conf")) << kConfig;
    fs::create_symlink(path("real.conf"), path("pgm-icd.conf"));
    auto loaded = loadIcdConfig(path("pgm-icd.conf"));
    EXPECT_TRUE(loaded.config);
    EXPECT_THAT(loaded.errors, ElementsAre());
}

TEST_F(IcdFiles, NoBoardStateIsAFirstStart)
{
    EXPECT_EQ(loadBoardState(dir.string()), std::nullopt);
}

TEST_F(IcdFiles, BoardStateThatIsNotARegularFileIsRefused)
{
    const std::string file = boardStateFile(dir.string());
    ASSERT_EQ(::mkfifo(file.c_str(), 0600), 0);
    EXPECT_THAT(boardStateRefusal(), HasSubstr(file + ": is a FIFO, not a regular file (move it aside"));
    fs::remove(file);

    fs::create_symlink("/dev/zero", file);
    EXPECT_THAT(boardStateRefusal(), HasSubstr(file + ": is a character device, not a regular file"));
    fs::remove(file);

    fs::create_directory(file);
    EXPECT_THAT(boardStateRefusal(), HasSubstr(file + ": is a directory, not a regular file"));
}

TEST_F(IcdFiles, BoardStateOverTheCapIsRefused)
{
    std::ofstream(boardStateFile(dir.string())) << std::string(icd::daemon::kMaxBoardStateFileSize + 1, ' ');
    EXPECT_THAT(boardStateRefusal(), HasSubstr(": is larger than 8 MiB, the most this file may hold"));
}

TEST_F(IcdFiles, BoardStateErrorsEscapeBytesThatAreNotText)
{
    std::ofstream(boardStateFile(dir.string()), std::ios::binary) << "{\"version\": 1, \xff\x1b";
    const std::string refusal = boardStateRefusal();
    EXPECT_EQ(refusal.find('\xff'), std::string::npos) << refusal;
    EXPECT_EQ(refusal.find('\x1b'), std::string::npos) << refusal;
}

TEST_F(IcdFiles, BoardStateLinkedToARegularFileIsRead)
{
    fs::create_directory(path("real"));
    icd::daemon::saveBoardState(path("real"), icd::board::BoardSnapshot{});
    fs::create_symlink(boardStateFile(path("real")), boardStateFile(dir.string()));
    EXPECT_EQ(loadBoardState(dir.string()), icd::board::BoardSnapshot{});
}

} // namespace
