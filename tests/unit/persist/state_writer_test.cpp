#include "persist/state_store.hpp"
#include "persist/state_writer.hpp"
#include "../support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

namespace pgmd {
namespace {

PersistedState withReboots(std::uint64_t n)
{
    PersistedState s;
    s.totalReboots = n;
    return s;
}

TEST(StateWriter, TheLatestSubmittedStateIsOnDiskOnceItStops)
{
    test::TempDir dir;
    {
        StateWriter writer(dir.path(), {});
        for (std::uint64_t i = 1; i <= 200; ++i)
            writer.submit(withReboots(i));
    }
    EXPECT_EQ(loadState(dir.path()).state.totalReboots, 200u);
}

TEST(StateWriter, SaveNowWinsOverEverythingSubmittedBefore)
{
    test::TempDir dir;
    StateWriter writer(dir.path(), {});
    for (std::uint64_t i = 1; i <= 50; ++i)
        writer.submit(withReboots(i));
    writer.saveNow(withReboots(1000));
    EXPECT_EQ(loadState(dir.path()).state.totalReboots, 1000u) << "written before saveNow returns";
    // Nothing older may land on top of it afterwards.
    writer.submit(withReboots(1001));
    writer.saveNow(withReboots(1002));
    EXPECT_EQ(loadState(dir.path()).state.totalReboots, 1002u);
}

TEST(StateWriter, SavedBeforeActingIsInPlaceAtOnceAndNoOlderSubmissionReplacesIt)
{
    test::TempDir dir;
    {
        StateWriter writer(dir.path(), {});
        for (std::uint64_t i = 1; i <= 50; ++i) {
            writer.submit(withReboots(2 * i));
            writer.saveBeforeActing(withReboots(2 * i + 1));
            // Older submissions finishing later never replace it.
            EXPECT_GE(loadState(dir.path()).state.totalReboots, 2 * i + 1) << "in place before it returns";
        }
    }
    EXPECT_EQ(loadState(dir.path()).state.totalReboots, 101u);
    EXPECT_FALSE(std::filesystem::exists(dir / "state.json.tmp-cached"));
}

TEST(StateWriter, BackgroundFailuresAreReportedNotThrown)
{
    test::TempDir dir;
    std::ofstream(dir / "file") << "x";
    std::mutex m;
    std::condition_variable reported;
    std::vector<std::string> errors;
    StateWriter writer(dir / "file", [&](const std::string& e) {
        std::lock_guard lock(m);
        errors.push_back(e);
        reported.notify_all();
    });
    writer.submit(withReboots(1));
    {
        std::unique_lock lock(m);
        ASSERT_TRUE(reported.wait_for(lock, std::chrono::seconds(5), [&] { return !errors.empty(); }));
        EXPECT_NE(errors.front().find("cannot save state"), std::string::npos) << errors.front();
    }
    EXPECT_THROW(writer.saveNow(withReboots(2)), std::system_error);
}

} // namespace
} // namespace pgmd
