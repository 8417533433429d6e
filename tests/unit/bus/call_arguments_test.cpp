// The argument checks of Acknowledge and ReportFault.

#include "bus/call_arguments.hpp"

#include <gtest/gtest.h>
#include <sdbus-c++/Error.h>

namespace pgmd {
namespace {

GroupInfo billing()
{
    GroupInfo g;
    g.name = "billing";
    g.units = {"billing-api.service", "billing-db.service"};
    return g;
}

// The InvalidArgument message, or "" if nothing was thrown.
template <class F> std::string refusal(F&& f)
{
    try {
        f();
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.InvalidArgument");
        return e.getMessage();
    }
    return {};
}

TEST(AcknowledgedState, ActiveAndStandbyPass)
{
    EXPECT_NO_THROW(checkAcknowledgedState("active"));
    EXPECT_NO_THROW(checkAcknowledgedState("standby"));
}

TEST(AcknowledgedState, AnythingElseIsNamedWithTheAllowedValues)
{
    for (const char* state : {"", "offline", "Active", "unavailable"}) {
        const std::string message = refusal([&] { checkAcknowledgedState(state); });
        EXPECT_NE(message.find(std::string("'") + state + "'"), std::string::npos) << message;
        EXPECT_NE(message.find("active, standby"), std::string::npos) << message;
    }
}

TEST(FaultTarget, ANamedMemberIsTaken)
{
    EXPECT_EQ(faultTarget(billing(), "restart-process", "billing-db.service", std::nullopt), "billing-db.service");
    EXPECT_EQ(faultTarget(billing(), "restart-process", "billing-db.service", "billing-api.service"),
              "billing-db.service");
    EXPECT_EQ(faultTarget(billing(), "out-of-service", "billing-api.service", std::nullopt), "billing-api.service");
}

TEST(FaultTarget, AnEmptyUnitIsTheCallersOwnForRestartProcess)
{
    EXPECT_EQ(faultTarget(billing(), "restart-process", "", "billing-api.service"), "billing-api.service");
}

TEST(FaultTarget, AnEmptyUnitStaysEmptyForTheGroupWideRecoveries)
{
    EXPECT_EQ(faultTarget(billing(), "restart-group", "", "billing-api.service"), "");
    EXPECT_EQ(faultTarget(billing(), "out-of-service", "", std::nullopt), "");
}

TEST(FaultTarget, ACallerOutsideTheGroupMustNameTheUnit)
{
    const std::string message = refusal([] { faultTarget(billing(), "restart-process", "", std::nullopt); });
    EXPECT_NE(message.find("Name the unit to restart"), std::string::npos) << message;
    EXPECT_NE(message.find("billing-api.service, billing-db.service"), std::string::npos) << message;
}

TEST(FaultTarget, AUnitOutsideTheGroupIsRefused)
{
    const std::string message = refusal([] { faultTarget(billing(), "restart-process", "sshd.service", std::nullopt); });
    EXPECT_NE(message.find("'sshd.service'"), std::string::npos) << message;
    EXPECT_NE(message.find("'billing'"), std::string::npos) << message;
}

TEST(FaultTarget, AnUnknownRecoveryIsNamedWithTheAllowedOnes)
{
    for (const char* recovery : {"", "reboot", "restart"}) {
        const std::string message = refusal([&] { faultTarget(billing(), recovery, "", "billing-api.service"); });
        EXPECT_NE(message.find(std::string("'") + recovery + "'"), std::string::npos) << message;
        EXPECT_NE(message.find("restart-process, restart-group, out-of-service"), std::string::npos) << message;
    }
}

// ReportFault's reason goes to LastFault, the journal and the state file:
// a caller must not be able to fill them (a 1 MB reason was kept verbatim).
TEST(FaultReason, KeepsAReasonUpToTheCap)
{
    EXPECT_EQ(faultReason(""), "");
    EXPECT_EQ(faultReason("database unreachable"), "database unreachable");
    const std::string atCap(kMaxFaultReasonBytes, 'x');
    EXPECT_EQ(faultReason(atCap), atCap);
}

TEST(FaultReason, CutsALongReasonAndSaysByHowMuch)
{
    const std::string huge(1000000, 'x');
    EXPECT_EQ(faultReason(huge), std::string(kMaxFaultReasonBytes, 'x') + "\u2026 (truncated from 1000000 bytes)");
}

TEST(FaultReason, CutsAtACharacterBoundary)
{
    // 1023 ASCII bytes, then a 3-byte character across the cap: it goes whole.
    const std::string reason = std::string(kMaxFaultReasonBytes - 1, 'x') + "\u20ac" + "tail";
    EXPECT_EQ(faultReason(reason),
              std::string(kMaxFaultReasonBytes - 1, 'x') + "\u2026 (truncated from " +
                  std::to_string(reason.size()) + " bytes)");
}

} // namespace
} // namespace pgmd
