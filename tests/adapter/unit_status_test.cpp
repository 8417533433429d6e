#include "systemd/unit_status.hpp"

#include <csignal>

#include <gtest/gtest.h>
#include <sdbus-c++/Types.h>
#include <sys/wait.h>

namespace pgmd {
namespace {

using Props = std::map<std::string, sdbus::Variant>;
const std::string unitIface = "org.freedesktop.systemd1.Unit";
const std::string serviceIface = "org.freedesktop.systemd1.Service";

TEST(UnitStatus, KilledServiceExplainsItself)
{
    UnitStatus s;
    EXPECT_FALSE(applyChangedProperties(s, serviceIface,
                                        Props{{"Result", sdbus::Variant(std::string("signal"))},
                                              {"ExecMainCode", sdbus::Variant(std::int32_t{CLD_KILLED})},
                                              {"ExecMainStatus", sdbus::Variant(std::int32_t{SIGKILL})}}));
    EXPECT_TRUE(applyChangedProperties(s, unitIface,
                                       Props{{"ActiveState", sdbus::Variant(std::string("failed"))},
                                             {"SubState", sdbus::Variant(std::string("failed"))}}));
    EXPECT_EQ(describe(s), "failed (Result=signal, signal=KILL)");
}

TEST(UnitStatus, ExitCodeIsShown)
{
    UnitStatus s{"failed", "failed", "exit-code", CLD_EXITED, 3};
    EXPECT_EQ(describe(s), "failed (Result=exit-code, status=3)");
}

TEST(UnitStatus, CleanStopShowsNoSignal)
{
    UnitStatus s{"inactive", "dead", "success", CLD_KILLED, SIGTERM};
    EXPECT_EQ(describe(s), "inactive (SubState=dead)");
}

TEST(UnitStatus, RunningShowsSubState)
{
    UnitStatus s{"active", "running", "success", 0, 0};
    EXPECT_EQ(describe(s), "active (SubState=running)");
}

TEST(UnitStatus, OnlyActiveStateChangesCount)
{
    UnitStatus s;
    EXPECT_TRUE(applyChangedProperties(s, unitIface, Props{{"ActiveState", sdbus::Variant(std::string("active"))}}));
    EXPECT_FALSE(applyChangedProperties(s, unitIface,
                                        Props{{"ActiveState", sdbus::Variant(std::string("active"))},
                                              {"SubState", sdbus::Variant(std::string("running"))}}));
    EXPECT_FALSE(applyChangedProperties(s, unitIface, Props{{"Description", sdbus::Variant(std::string("x"))}}));
    EXPECT_EQ(s.subState, "running");
}

TEST(UnitStatus, WrongTypesAreIgnored)
{
    UnitStatus s;
    EXPECT_FALSE(applyChangedProperties(s, unitIface, Props{{"ActiveState", sdbus::Variant(std::int32_t{1})}}));
    EXPECT_EQ(s.activeState, "");
}

} // namespace
} // namespace pgmd
