#include "protocol/sequence.hpp"

#include <gtest/gtest.h>

namespace icd {
namespace {

TEST(Sequence, CountsFromOneAndNeverWraps)
{
    EXPECT_EQ(nextSeq(kHandshakeSeq), 1u);
    EXPECT_EQ(nextSeq(41), 42u);
    EXPECT_EQ(nextSeq(kLastSeq - 1), kLastSeq);
    EXPECT_FALSE(nextSeq(kLastSeq)) << "after the last seq a new session is needed, not a wrap to 0 or 1";
}

TEST(Sequence, OnlyHigherNumbersAreNew)
{
    EXPECT_EQ(compareSeq(0, 1), SeqOrder::Newer);
    EXPECT_EQ(compareSeq(5, 9), SeqOrder::Newer) << "gaps are lost frames, not an attack";
    EXPECT_EQ(compareSeq(5, 5), SeqOrder::Same);
    EXPECT_EQ(compareSeq(5, 4), SeqOrder::Older);
    EXPECT_EQ(compareSeq(kLastSeq - 1, kLastSeq), SeqOrder::Newer);
    EXPECT_EQ(compareSeq(kLastSeq, 1), SeqOrder::Older) << "a wrapped seq is a replay";
}

TEST(Sequence, ZeroBelongsToTheHandshake)
{
    EXPECT_EQ(compareSeq(0, 0), SeqOrder::Older);
    EXPECT_EQ(compareSeq(7, 0), SeqOrder::Older);
}

} // namespace
} // namespace icd
