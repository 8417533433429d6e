#include "persist/state_json.hpp"
#include "sample_state.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>

namespace pgmd {
namespace {

using ::testing::HasSubstr;

// Parses text that must be rejected and returns the error message.
std::string rejection(const std::string& text)
{
    std::string error;
    auto state = fromJson(text, &error);
    EXPECT_FALSE(state.has_value()) << "accepted: " << text;
    EXPECT_FALSE(error.empty());
    return error;
}

TEST(StateJson, RoundTripKeepsEveryMember)
{
    const PersistedState original = test::sampleState();
    std::string error;
    auto back = fromJson(toJson(original), &error);
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_EQ(*back, original);
}

TEST(StateJson, RoundTripKeepsExtremeTimes)
{
    PersistedState s;
    s.reboots = {{INT64_MIN}, {-1}, {0}, {INT64_MAX}};
    s.totalReboots = UINT64_MAX;
    auto back = fromJson(toJson(s), nullptr);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, s);
}

TEST(StateJson, EmptyStateRoundTrips)
{
    auto back = fromJson(toJson(PersistedState{}), nullptr);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, PersistedState{});
}

TEST(StateJson, DocumentIsVersionedWithIntegerMicroseconds)
{
    PersistedState s;
    s.reboots = {{1'700'000'000'123'456}};
    const std::string text = toJson(s);
    EXPECT_THAT(text, HasSubstr("\"version\": 1"));
    EXPECT_THAT(text, HasSubstr("1700000000123456"));
}

TEST(StateJson, AbsentMembersTakeDefaults)
{
    auto s = fromJson(R"({"version": 1, "groups": {"web": {"incarnation": 4}}})", nullptr);
    ASSERT_TRUE(s.has_value());
    PersistedState expected;
    expected.groups["web"].incarnation = 4;
    EXPECT_EQ(*s, expected);
}

TEST(StateJson, UnknownMembersAreIgnored)
{
    auto s = fromJson(R"({"version": 1, "total_reboots": 2, "from_a_later_release": [1, 2]})", nullptr);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->totalReboots, 2u);
}

TEST(StateJson, InvalidUtf8IsReplacedRatherThanLosingTheSave)
{
    PersistedState s;
    s.groups["web"].lastFault = "bad byte \xff here";
    auto back = fromJson(toJson(s), nullptr);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->groups["web"].lastFault, "bad byte \xef\xbf\xbd here");
}

TEST(StateJson, RejectsMalformedText)
{
    EXPECT_THAT(rejection(""), HasSubstr("parse error"));
    EXPECT_THAT(rejection(R"({"version": 1, "groups": {)"), HasSubstr("parse error"));
    EXPECT_THAT(rejection("\x01\x02garbage"), HasSubstr("parse error"));
}

TEST(StateJson, RejectsWrongTypesNamingWhere)
{
    EXPECT_THAT(rejection("[1, 2]"), HasSubstr("expected an object"));
    EXPECT_THAT(rejection(R"({"version": 1, "groups": []})"), HasSubstr(R"(["groups"]: expected an object)"));
    EXPECT_THAT(rejection(R"({"version": 1, "groups": {"web": {"incarnation": -1}}})"),
                HasSubstr(R"(["groups"]["web"]["incarnation"]: expected a non-negative integer)"));
    EXPECT_THAT(rejection(R"({"version": 1, "groups": {"web": {"offline": "yes"}}})"),
                HasSubstr(R"(["web"]["offline"]: expected true or false)"));
    EXPECT_THAT(rejection(R"({"version": 1, "groups": {"web": {"state": 3}}})"),
                HasSubstr(R"(["state"]: expected a string)"));
    EXPECT_THAT(rejection(R"({"version": 1, "groups": {"web": {"process_restarts": {"a.service": [1, 2.5]}}}})"),
                HasSubstr(R"(["process_restarts"]["a.service"][1]: expected an integer)"));
    EXPECT_THAT(rejection(R"({"version": 1, "reboots": 5})"), HasSubstr(R"(["reboots"]: expected an array)"));
    EXPECT_THAT(rejection(R"({"version": 1, "reboots": [18446744073709551615]})"),
                HasSubstr("integer out of range"));
    EXPECT_THAT(rejection(R"({"version": 1, "escalation_exhausted": 1})"),
                HasSubstr(R"(["escalation_exhausted"]: expected true or false)"));
}

TEST(StateJson, RejectsUnknownOrMissingVersion)
{
    EXPECT_THAT(rejection(R"({"version": 2, "groups": {}})"), HasSubstr("unsupported version 2"));
    EXPECT_THAT(rejection(R"({"version": "1"})"), HasSubstr("unsupported version \"1\""));
    EXPECT_THAT(rejection(R"({"groups": {}})"), HasSubstr("no \"version\" member"));
}

} // namespace
} // namespace pgmd
