// The names of run states and recoveries are part of the bus interface.

#include <pgmd/client.hpp>

#include <gtest/gtest.h>

namespace pgmd::client {
namespace {

TEST(RunStateNames, AreTheBusNames)
{
    EXPECT_EQ(busName(RunState::Active), "active");
    EXPECT_EQ(busName(RunState::Standby), "standby");
}

TEST(RunStateNames, ParseBack)
{
    for (auto state : {RunState::Active, RunState::Standby})
        EXPECT_EQ(parseRunState(busName(state)), state);
}

TEST(RunStateNames, RejectOtherStatesAndOtherSpellings)
{
    for (auto name : {"", "Active", "ACTIVE", "active ", "init", "unavailable", "offline"})
        EXPECT_EQ(parseRunState(name), std::nullopt) << name;
}

TEST(RecoveryNames, AreTheBusNames)
{
    EXPECT_EQ(busName(Recovery::RestartProcess), "restart-process");
    EXPECT_EQ(busName(Recovery::RestartGroup), "restart-group");
    EXPECT_EQ(busName(Recovery::OutOfService), "out-of-service");
}

TEST(RecoveryNames, ParseBack)
{
    for (auto recovery : {Recovery::RestartProcess, Recovery::RestartGroup, Recovery::OutOfService})
        EXPECT_EQ(parseRecovery(busName(recovery)), recovery);
}

TEST(RecoveryNames, RejectOthers)
{
    for (auto name : {"", "restart_process", "Restart-Group", "reboot", "out-of-service-now"})
        EXPECT_EQ(parseRecovery(name), std::nullopt) << name;
}

} // namespace
} // namespace pgmd::client
