// GroupFields: the set of GroupInfo fields a reader asks a StateSource for.

#include "bus/state_source.hpp"

#include <gtest/gtest.h>

namespace pgmd {
namespace {

GroupField fieldAt(unsigned i)
{
    return static_cast<GroupField>(i);
}

TEST(GroupFields, NoneHasNoField)
{
    const GroupFields none;
    for (unsigned i = 0; i < kGroupFieldCount; ++i)
        EXPECT_FALSE(none.has(fieldAt(i))) << i;
}

TEST(GroupFields, AllHasEveryField)
{
    for (unsigned i = 0; i < kGroupFieldCount; ++i)
        EXPECT_TRUE(GroupFields::all().has(fieldAt(i))) << i;
}

TEST(GroupFields, OneFieldHasOnlyThatField)
{
    for (unsigned want = 0; want < kGroupFieldCount; ++want) {
        const GroupFields one = fieldAt(want);
        for (unsigned i = 0; i < kGroupFieldCount; ++i)
            EXPECT_EQ(one.has(fieldAt(i)), i == want) << "asked for " << want << ", looked at " << i;
    }
}

TEST(GroupFields, AListHasItsFieldsOnly)
{
    const GroupFields some{GroupField::Layer, GroupField::Slice, GroupField::Units};
    EXPECT_TRUE(some.has(GroupField::Layer));
    EXPECT_TRUE(some.has(GroupField::Slice));
    EXPECT_TRUE(some.has(GroupField::Units));
    EXPECT_FALSE(some.has(GroupField::Name));
    EXPECT_FALSE(some.has(GroupField::Members));
    EXPECT_FALSE(some.has(GroupField::RecentSteps));
    EXPECT_EQ(some, (GroupFields{GroupField::Units, GroupField::Layer, GroupField::Slice}));
    EXPECT_NE(some, GroupFields::all());
}

} // namespace
} // namespace pgmd
