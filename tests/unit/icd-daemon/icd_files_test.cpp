// pgm-icd's configuration and board.json read through the same reader as
// pgmd's: what is not a regular file, or too large, is refused with an error
// naming the file, without blocking on a FIFO or reading /dev/zero for ever.

#include "board_state_file.hpp"
#include "common/ini/ini_file.hpp"
#include "icd_config.hpp"

#include "../support/hang_guard.hpp"
#include "../support/temp_dir.hpp"
#include "good_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
using icd::daemon::test::kGoodIcdConfig;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class IcdFiles : public ::testing::Test {
protected:
    std::string path(const std::string& name) const { return dir / name; }

    // The BadStateFile message for what stands at board.json, or "" if none.
    std::string boardStateRefusal()
    {
        try {
            loadBoardState(dir.path());
        } catch (const BadStateFile& e) {
            return e.what();
        }
        return {};
    }

    pgmd::test::TempDir dir;
    pgmd::test::HangGuard guard;
};

TEST_F(IcdFiles, AConfigThatIsAFifoIsRefused)
{
    ASSERT_EQ(::mkfifo(path("pgm-icd.conf").c_str(), 0600), 0);
    auto loaded = loadIcdConfig(path("pgm-icd.conf"));
    EXPECT_FALSE(loaded.config);
    EXPECT_THAT(loaded.errors, ElementsAre(pgm::ConfigError{path("pgm-icd.conf"), 0, "",
                                                             "is a FIFO, not a regular file"}));
}

TEST_F(IcdFiles, AConfigLinkedToDevZeroIsRefused)
{
    fs::create_symlink("/dev/zero", path("pgm-icd.conf"));
    auto loaded = loadIcdConfig(path("pgm-icd.conf"));
    EXPECT_FALSE(loaded.config);
    EXPECT_THAT(loaded.errors, ElementsAre(pgm::ConfigError{path("pgm-icd.conf"), 0, "",
                                                             "is a character device, not a regular file"}));
}

TEST_F(IcdFiles, AConfigOverTheCapIsRefused)
{
    std::ofstream(path("pgm-icd.conf")) << kGoodIcdConfig << std::string(pgm::kMaxConfigFileSize, '#');
    auto loaded = loadIcdConfig(path("pgm-icd.conf"));
    EXPECT_FALSE(loaded.config);
    EXPECT_THAT(loaded.errors, ElementsAre(pgm::ConfigError{path("pgm-icd.conf"), 0, "",
                                                             "is larger than 1 MiB, the most this file may hold"}));
}

TEST_F(IcdFiles, AConfigLinkedToARegularFileIsRead)
{
    std::ofstream(path("real.conf")) << kGoodIcdConfig;
    fs::create_symlink(path("real.conf"), path("pgm-icd.conf"));
    auto loaded = loadIcdConfig(path("pgm-icd.conf"));
    EXPECT_TRUE(loaded.config);
    EXPECT_THAT(loaded.errors, ElementsAre());
}

TEST_F(IcdFiles, NoBoardStateIsAFirstStart)
{
    EXPECT_EQ(loadBoardState(dir.path()), std::nullopt);
}

TEST_F(IcdFiles, BoardStateThatIsNotARegularFileIsRefused)
{
    const std::string file = boardStateFile(dir.path());
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
    std::ofstream(boardStateFile(dir.path())) << std::string(icd::daemon::kMaxBoardStateFileSize + 1, ' ');
    EXPECT_THAT(boardStateRefusal(), HasSubstr(": is larger than 8 MiB, the most this file may hold"));
}

TEST_F(IcdFiles, BoardStateErrorsEscapeBytesThatAreNotText)
{
    std::ofstream(boardStateFile(dir.path()), std::ios::binary) << "{\"version\": 1, \xff\x1b";
    const std::string refusal = boardStateRefusal();
    EXPECT_EQ(refusal.find('\xff'), std::string::npos) << refusal;
    EXPECT_EQ(refusal.find('\x1b'), std::string::npos) << refusal;
}

TEST_F(IcdFiles, BoardStateLinkedToARegularFileIsRead)
{
    fs::create_directory(path("real"));
    icd::daemon::saveBoardState(path("real"), icd::board::BoardSnapshot{});
    fs::create_symlink(boardStateFile(path("real")), boardStateFile(dir.path()));
    EXPECT_EQ(loadBoardState(dir.path()), icd::board::BoardSnapshot{});
}

} // namespace
