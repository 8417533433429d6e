// The real CorosyncLink where no corosync runs (the build machines' host):
// it reports the loss once, keeps retrying on its timer and refuses to send.
// With corosync, tests/integration/test_cluster_link.py covers the rest.

#include "cluster/corosync_link.hpp"
#include "recording_listener.hpp"

#include "common/loop/event_loop.hpp"

#include <gtest/gtest.h>

#include <chrono>

using namespace pgmd::cluster;
using namespace pgmd::cluster::test;
using namespace std::chrono_literals;

namespace {

void turnFor(pgm::EventLoop& loop, std::chrono::milliseconds span)
{
    auto end = std::chrono::steady_clock::now() + span;
    while (std::chrono::steady_clock::now() < end)
        sd_event_run(loop.get(), 5'000);
}

bool corosyncAnswers()
{
    cpg_handle_t handle = 0;
    if (cpg_initialize(&handle, nullptr) != CS_OK)
        return false;
    cpg_finalize(handle);
    return true;
}

} // namespace

TEST(CorosyncLinkWithoutCorosync, ReportsUnreachableOnceAndKeepsTrying)
{
    if (corosyncAnswers())
        GTEST_SKIP() << "a corosync answers here; this test needs none";
    pgm::EventLoop loop;
    RecordingListener listener;
    CorosyncLink link(loop, listener, {.reconnectFirst = 5ms, .reconnectMax = 10ms});
    link.start("pgmd-test");
    EXPECT_EQ(listener.events, (std::vector<std::string>{"disconnected unreachable"}));
    EXPECT_FALSE(link.isJoined());
    EXPECT_EQ(link.multicast(std::vector<std::uint8_t>{1, 2}), SendResult::NotJoined);
    turnFor(loop, 60ms);  // several attempts
    EXPECT_EQ(listener.events.size(), 1u);
    link.stop();
    link.stop();  // twice is harmless
}
