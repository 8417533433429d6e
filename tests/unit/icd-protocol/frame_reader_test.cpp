#include "link_fixture.hpp"

#include "protocol/cobs.hpp"

#include <random>

namespace icd {
namespace {

using test::Link;

// A genuine body of the usual size, from a real session.
Bytes sampleFrame()
{
    Link link;
    link.establish();
    return link.host().seal(RequestCycle{RequestReason::RebootBudgetSpent}).frame;
}

Bytes concat(std::initializer_list<Bytes> parts)
{
    Bytes out;
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

TEST(FrameReader, FindsTheBodyOfOneFrame)
{
    const Bytes frame = sampleFrame();
    FrameReader reader;
    auto bodies = reader.feed(frame);
    ASSERT_EQ(bodies.size(), 1u);
    EXPECT_EQ(encodeFrame(bodies[0]), frame);
    EXPECT_EQ(reader.counters().droppedTotal(), 0u);
}

TEST(FrameReader, ChunksMaySplitAFrameAnywhere)
{
    const Bytes frame = sampleFrame();
    const Bytes expected = test::bodyOf(frame);
    for (std::size_t split = 0; split <= frame.size(); ++split) {
        FrameReader reader;
        auto first = reader.feed(ByteView(frame).first(split));
        auto second = reader.feed(ByteView(frame).subspan(split));
        first.insert(first.end(), second.begin(), second.end());
        ASSERT_EQ(first.size(), 1u) << "split at " << split;
        EXPECT_EQ(first[0], expected);
    }
    FrameReader byteByByte;
    std::vector<Bytes> found;
    for (std::uint8_t b : frame)
        for (auto& body : byteByByte.feed(ByteView(&b, 1)))
            found.push_back(body);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0], expected);
}

TEST(FrameReader, StartingMidFrameCountsNoiseAndResynchronises)
{
    const Bytes frame = sampleFrame();
    const Bytes tail(frame.begin() + 7, frame.end() - 1); // no delimiter in it
    FrameReader reader;
    auto bodies = reader.feed(concat({tail, frame}));
    ASSERT_EQ(bodies.size(), 1u);
    EXPECT_EQ(bodies[0], test::bodyOf(frame));
    EXPECT_EQ(reader.counters().dropped(DropReason::Noise), 1u);
}

TEST(FrameReader, FragmentsBetweenFramesAreDroppedAndCounted)
{
    const Bytes frame = sampleFrame();
    FrameReader reader;
    const Bytes shortFragment = {0x01, 0x01, 0x01};  // valid COBS of two zero bytes
    const Bytes brokenCobs = {0x05, 0x11};           // block runs past the end
    auto bodies = reader.feed(concat({frame, shortFragment, frame, brokenCobs, frame}));
    EXPECT_EQ(bodies.size(), 3u);
    EXPECT_EQ(reader.counters().dropped(DropReason::Noise), 1u);
    EXPECT_EQ(reader.counters().dropped(DropReason::Cobs), 1u);
}

TEST(FrameReader, AnOversizedFrameIsSkippedToTheNextDelimiter)
{
    const Bytes frame = sampleFrame();
    const Bytes flood(3 * kMaxEncodedBodySize, 0x5A);
    FrameReader reader;
    auto bodies = reader.feed(concat({Bytes{0x00}, flood, frame, frame}));
    EXPECT_EQ(bodies.size(), 2u);
    EXPECT_EQ(reader.counters().dropped(DropReason::Oversize), 1u);
}

TEST(FrameReader, TheLargestBodyFits)
{
    Bytes body(kMaxBodySize, 0xA5);
    FrameReader reader;
    auto bodies = reader.feed(encodeFrame(body));
    ASSERT_EQ(bodies.size(), 1u);
    EXPECT_EQ(bodies[0], body);

    body.push_back(0xA5);
    EXPECT_TRUE(reader.feed(encodeFrame(body)).empty());
    EXPECT_EQ(reader.counters().dropped(DropReason::Oversize), 1u);
}

TEST(FrameReader, DelimitersInARowAreNotNoise)
{
    FrameReader reader;
    EXPECT_TRUE(reader.feed(Bytes(10, 0x00)).empty());
    EXPECT_EQ(reader.counters().droppedTotal(), 0u);
}

TEST(FrameReader, RandomNoiseBetweenFramesNeverHidesAFrame)
{
    const Bytes frame = sampleFrame();
    const Bytes body = test::bodyOf(frame);
    std::mt19937 random(7);
    FrameReader reader;
    std::size_t found = 0;
    for (int round = 0; round < 500; ++round) {
        Bytes noise(random() % 80);
        for (auto& b : noise)
            b = static_cast<std::uint8_t>(random());
        Bytes stream = concat({noise, frame});
        // Deliver in random chunk sizes.
        for (std::size_t at = 0; at < stream.size();) {
            const std::size_t n = std::min<std::size_t>(1 + random() % 20, stream.size() - at);
            for (auto& b : reader.feed(ByteView(stream).subspan(at, n)))
                found += b == body ? 1 : 0;
            at += n;
        }
    }
    EXPECT_EQ(found, 500u);
}

} // namespace
} // namespace icd
