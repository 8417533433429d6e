// Which group an Application serves, and that group's object path.

#include "group_name.hpp"

#include <pgmd/client.hpp>

#include <gtest/gtest.h>

namespace pgmd::client {
namespace {

TEST(GroupName, GivenNameWinsOverTheEnvironment)
{
    EXPECT_EQ(resolveGroupName("ledger", "billing"), "ledger");
    EXPECT_EQ(resolveGroupName("ledger", nullptr), "ledger");
}

TEST(GroupName, EmptyNameComesFromTheEnvironment)
{
    EXPECT_EQ(resolveGroupName("", "billing"), "billing");
}

TEST(GroupName, NoNameAnywhereIsAnError)
{
    for (const char* environment : {static_cast<const char*>(nullptr), ""}) {
        try {
            resolveGroupName("", environment);
            ADD_FAILURE() << "no error for environment " << (environment ? "\"\"" : "unset");
        } catch (const Error& error) {
            EXPECT_EQ(error.kind(), ErrorKind::NoGroupName);
            EXPECT_NE(error.message().find("PGMD_GROUP"), std::string::npos) << error.message();
        }
    }
}

TEST(GroupObjectPath, PlainNamesStayReadable)
{
    EXPECT_EQ(groupObjectPath("billing"), "/org/pgmd1/group/billing");
    EXPECT_EQ(groupObjectPath("db_2"), "/org/pgmd1/group/db_5f2");
}

TEST(GroupObjectPath, OtherCharactersAreEscapedAsSystemdDoes)
{
    EXPECT_EQ(groupObjectPath("billing-db"), "/org/pgmd1/group/billing_2ddb");
    EXPECT_EQ(groupObjectPath("a.b"), "/org/pgmd1/group/a_2eb");
    EXPECT_EQ(groupObjectPath("9lives"), "/org/pgmd1/group/_39lives");
    EXPECT_EQ(groupObjectPath(""), "/org/pgmd1/group/_");
}

} // namespace
} // namespace pgmd::client
