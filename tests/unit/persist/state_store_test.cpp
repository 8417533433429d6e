#include "persist/state_json.hpp"
#include "persist/state_store.hpp"
#include "sample_state.hpp"
#include "../support/hang_guard.hpp"
#include "../support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <sys/resource.h>
#include <sys/stat.h>

namespace pgmd {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void writeText(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> namesIn(const std::string& dir)
{
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Caps the size of any file this process writes, the way a full disk would,
// so a save fails part-way through writing its content.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &saved_);
        // Without this the kernel kills the process instead of failing write().
        previousHandler_ = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = saved_;
        limited.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limited);
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &saved_);
        std::signal(SIGXFSZ, previousHandler_);
    }

private:
    rlimit saved_{};
    void (*previousHandler_)(int) = nullptr;
};

class StateStore : public ::testing::Test {
protected:
    test::TempDir dir;
    std::string statePath() const { return stateFilePath(dir.path()); }
};

TEST_F(StateStore, SaveThenLoadRoundTrips)
{
    const PersistedState original = test::sampleState();
    saveState(dir.path(), original);
    LoadedState loaded = loadState(dir.path());
    EXPECT_EQ(loaded.warning, "");
    EXPECT_EQ(loaded.state, original);
    EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"state.json"});
}

TEST_F(StateStore, SaveReplacesPreviousState)
{
    saveState(dir.path(), test::sampleState(5));
    const PersistedState second = test::sampleState(1);
    saveState(dir.path(), second);
    EXPECT_EQ(loadState(dir.path()).state, second);
}

TEST_F(StateStore, FiveHundredGroupsRoundTrip)
{
    const PersistedState big = test::sampleState(500);
    saveState(dir.path(), big);
    EXPECT_EQ(loadState(dir.path()).state, big);
}

TEST_F(StateStore, MissingFileIsAnEmptyStateWithoutWarning)
{
    LoadedState loaded = loadState(dir.path());
    EXPECT_EQ(loaded.state, PersistedState{});
    EXPECT_EQ(loaded.warning, "");
    LoadedState fromMissingDir = loadState(dir / "not-created-yet");
    EXPECT_EQ(fromMissingDir.state, PersistedState{});
    EXPECT_EQ(fromMissingDir.warning, "");
}

TEST_F(StateStore, CorruptFileIsKeptAsideWithAWarning)
{
    const std::string garbage = "{\"version\": 1, \"groups\": {\"web\": ";
    writeText(statePath(), garbage);

    LoadedState loaded = loadState(dir.path());

    EXPECT_EQ(loaded.state, PersistedState{});
    EXPECT_THAT(loaded.warning, HasSubstr(statePath() + ": "));
    EXPECT_THAT(loaded.warning, HasSubstr("parse error"));
    std::vector<std::string> names = namesIn(dir.path());
    ASSERT_EQ(names.size(), 1u);
    EXPECT_THAT(names[0], StartsWith("state.json.corrupt-"));
    EXPECT_THAT(loaded.warning, HasSubstr("kept it as " + (dir / names[0])));
    EXPECT_EQ(readText(dir / names[0]), garbage);
}

TEST_F(StateStore, UnknownVersionIsKeptAsideWithAWarning)
{
    const std::string future = R"({"version": 9, "groups": {}})";
    writeText(statePath(), future);

    LoadedState loaded = loadState(dir.path());

    EXPECT_EQ(loaded.state, PersistedState{});
    EXPECT_THAT(loaded.warning, HasSubstr("unsupported version 9"));
    std::vector<std::string> names = namesIn(dir.path());
    ASSERT_EQ(names.size(), 1u);
    EXPECT_THAT(names[0], StartsWith("state.json.corrupt-"));
    EXPECT_EQ(readText(dir / names[0]), future);
}

TEST_F(StateStore, WrongTypesAreKeptAsideWithAWarning)
{
    writeText(statePath(), R"({"version": 1, "total_reboots": "three"})");
    LoadedState loaded = loadState(dir.path());
    EXPECT_EQ(loaded.state, PersistedState{});
    EXPECT_THAT(loaded.warning, HasSubstr(R"(["total_reboots"]: expected a non-negative integer)"));
    EXPECT_FALSE(fs::exists(statePath()));
}

// What stands in the place of state.json: a directory, a FIFO, a link to a
// device, a file too large. Each is set aside like a corrupt file, so that
// pgmd starts (and supervises its groups) instead of exiting.
class UnusableStateFile : public StateStore {
protected:
    test::HangGuard guard;

    // Loads, and checks the state is empty and the thing was moved aside
    // under the usual name with a warning that says what it was.
    void expectKeptAside(const std::string& problem)
    {
        LoadedState loaded = loadState(dir.path());
        EXPECT_EQ(loaded.state, PersistedState{});
        EXPECT_THAT(loaded.warning, HasSubstr(statePath() + ": " + problem));
        std::vector<std::string> names = namesIn(dir.path());
        ASSERT_EQ(names.size(), 1u);
        EXPECT_THAT(names[0], StartsWith("state.json.corrupt-"));
        EXPECT_THAT(loaded.warning, HasSubstr("kept it as " + (dir / names[0])));
        EXPECT_THAT(loaded.warning, ::testing::EndsWith("; starting with empty state"));
        // The next save has the place to itself.
        saveState(dir.path(), test::sampleState());
        EXPECT_EQ(loadState(dir.path()).state, test::sampleState());
    }
};

TEST_F(UnusableStateFile, ADirectoryIsKeptAside)
{
    fs::create_directory(statePath());
    expectKeptAside("is a directory, not a regular file");
}

TEST_F(UnusableStateFile, AFifoIsKeptAsideWithoutBlocking)
{
    ASSERT_EQ(::mkfifo(statePath().c_str(), 0600), 0);
    expectKeptAside("is a FIFO, not a regular file");
}

TEST_F(UnusableStateFile, ALinkToDevZeroIsKeptAsideWithoutReadingIt)
{
    fs::create_symlink("/dev/zero", statePath());
    expectKeptAside("is a character device, not a regular file");
    EXPECT_TRUE(fs::exists("/dev/zero"));  // the link was moved, not its target
}

TEST_F(UnusableStateFile, AFileOverTheCapIsKeptAside)
{
    writeText(statePath(), std::string(kMaxStateFileSize + 1, ' '));
    expectKeptAside("is larger than 8 MiB, the most this file may hold");
}

TEST_F(StateStore, ALinkToARegularFileIsRead)
{
    saveState(dir.path(), test::sampleState());
    fs::rename(statePath(), dir / "elsewhere.json");
    fs::create_symlink(dir / "elsewhere.json", statePath());
    LoadedState loaded = loadState(dir.path());
    EXPECT_EQ(loaded.warning, "");
    EXPECT_EQ(loaded.state, test::sampleState());
}

TEST_F(StateStore, TheWarningEscapesBytesThatAreNotText)
{
    // nlohmann's parse error quotes what it read, bytes and all.
    writeText(statePath(), "{\"version\": 1, \xff\xfe\x1b[2J");
    LoadedState loaded = loadState(dir.path());
    EXPECT_THAT(loaded.warning, HasSubstr("parse error"));
    EXPECT_EQ(loaded.warning.find('\x1b'), std::string::npos) << loaded.warning;
    EXPECT_EQ(loaded.warning.find('\xff'), std::string::npos) << loaded.warning;
    EXPECT_THAT(loaded.warning, HasSubstr("\\xff"));
}

TEST_F(StateStore, SaveCreatesMissingDirectories)
{
    const std::string nested = dir / "var/lib/pgmd";
    const mode_t umaskNow = ::umask(0);
    ::umask(umaskNow);

    saveState(nested, test::sampleState());

    EXPECT_EQ(loadState(nested).state, test::sampleState());
    struct stat st {};
    ASSERT_EQ(::stat(nested.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0755u & ~umaskNow);
}

TEST_F(StateStore, FailedWriteLeavesOldFileIntactAndNoTemporary)
{
    const PersistedState old = test::sampleState(1);
    saveState(dir.path(), old);
    const std::string oldText = readText(statePath());
    const PersistedState bigger = test::sampleState(50);
    ASSERT_GT(toJson(bigger).size(), oldText.size() + 100);

    {
        FileSizeLimit diskFull(oldText.size() + 100);
        try {
            saveState(dir.path(), bigger);
            FAIL() << "expected std::system_error";
        } catch (const std::system_error& e) {
            EXPECT_EQ(e.code(), std::errc::file_too_large);
            EXPECT_THAT(e.what(), HasSubstr("write " + statePath() + ".tmp"));
        }
    }

    EXPECT_EQ(readText(statePath()), oldText);
    EXPECT_EQ(loadState(dir.path()).state, old);
    EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"state.json"});
}

TEST_F(StateStore, UncreatableTemporaryLeavesOldFileIntact)
{
    const PersistedState old = test::sampleState(1);
    saveState(dir.path(), old);
    const std::string oldText = readText(statePath());
    fs::create_directory(statePath() + ".tmp");

    EXPECT_THROW(saveState(dir.path(), test::sampleState(2)), std::system_error);

    EXPECT_EQ(readText(statePath()), oldText);
    EXPECT_TRUE(fs::is_directory(statePath() + ".tmp"));
}

TEST_F(StateStore, UnwritableLocationNamesThePath)
{
    // Root may write anywhere permissions allow nothing, but not below a
    // regular file: ENOTDIR is an honest unwritable location for any user.
    writeText(dir / "plain-file", "x");
    const std::string below = dir / "plain-file/pgmd";
    try {
        saveState(below, test::sampleState());
        FAIL() << "expected std::system_error";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code(), std::errc::not_a_directory);
        EXPECT_THAT(e.what(), HasSubstr(below));
        EXPECT_THAT(e.what(), HasSubstr("create directory"));
    }
}

TEST_F(StateStore, StateDirectoryThatIsAFileIsReported)
{
    writeText(dir / "pgmd", "x");
    try {
        saveState(dir / "pgmd", test::sampleState());
        FAIL() << "expected std::system_error";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code(), std::errc::not_a_directory);
        EXPECT_THAT(e.what(), HasSubstr(dir / "pgmd"));
    }
}

} // namespace
} // namespace pgmd
