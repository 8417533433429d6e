// icd-fault-proxy's parts without processes: cutting frames, injecting
// faults, reading the command line, writing the log.

#include "fault_rates.hpp"
#include "faulty_line.hpp"
#include "frame_cutter.hpp"
#include "frame_log.hpp"
#include "proxy_options.hpp"
#include "test_frames.hpp"

#include <gtest/gtest.h>

namespace icd::test {
namespace {

// --- FrameCutter ---------------------------------------------------------

TEST(FrameCutter, CutsAtTheDelimiterThatEndsAFrame)
{
    FrameCutter cutter;
    const Bytes a = frameOf({1, 2, 3});
    const Bytes b = frameOf({4, 5});
    const auto pieces = cutter.feed(joined({a, b}));
    ASSERT_EQ(pieces.size(), 2u);
    EXPECT_EQ(pieces[0].bytes, a);
    EXPECT_EQ(pieces[1].bytes, b);
    EXPECT_TRUE(pieces[0].framed && pieces[1].framed);
    EXPECT_EQ(cutter.held(), 0u);
}

TEST(FrameCutter, HoldsAFrameReadInPiecesUntilItsEnd)
{
    FrameCutter cutter;
    EXPECT_TRUE(cutter.feed(Bytes{0x00, 0x07}).empty());
    EXPECT_TRUE(cutter.feed(Bytes{0x08}).empty());
    EXPECT_EQ(cutter.held(), 3u);
    const auto pieces = cutter.feed(Bytes{0x00, 0x00});
    ASSERT_EQ(pieces.size(), 1u);
    EXPECT_EQ(pieces[0].bytes, (Bytes{0x00, 0x07, 0x08, 0x00}));
    // The second delimiter starts the next frame.
    EXPECT_EQ(cutter.held(), 1u);
}

TEST(FrameCutter, AFrameSharingItsDelimiterWithTheOneBeforeIsCutToo)
{
    FrameCutter cutter;
    const auto pieces = cutter.feed(Bytes{0x00, 1, 0x00, 2, 0x00});
    ASSERT_EQ(pieces.size(), 2u);
    EXPECT_EQ(pieces[1].bytes, (Bytes{2, 0x00}));
}

TEST(FrameCutter, NoiseWithoutADelimiterGoesOnAsItIsAtTheLimit)
{
    FrameCutter cutter;
    const Bytes noise(FrameCutter::kHoldLimit + 10, 0x55);
    const auto pieces = cutter.feed(noise);
    ASSERT_EQ(pieces.size(), 1u);
    EXPECT_FALSE(pieces[0].framed);
    EXPECT_EQ(pieces[0].bytes, Bytes(FrameCutter::kHoldLimit, 0x55));
    EXPECT_EQ(cutter.held(), 10u);
}

// --- FaultyLine ----------------------------------------------------------

struct RecordingLine {
    std::vector<Bytes> writes;
    FaultyLine line;

    explicit RecordingLine(const std::string& rates, std::uint32_t seed = 1, std::uint32_t stream = 0)
        : line([this](ByteView bytes) { writes.emplace_back(bytes.begin(), bytes.end()); }, seed, stream)
    {
        line.setFaults(parseFaultRates(rates).rates.value());
    }
    Bytes received() const { return joined(writes); }
};

const Bytes kFrameA = frameOf({0x11, 0x22, 0x33, 0x44, 0x55, 0x66});
const Bytes kFrameB = frameOf({0x77, 0x88, 0x99, 0xaa});

TEST(FaultyLine, ACleanLinePassesEachFrameInOneWrite)
{
    RecordingLine r("");
    EXPECT_TRUE(r.line.send(kFrameA).empty());
    EXPECT_TRUE(r.line.send(kFrameB).empty());
    EXPECT_EQ(r.writes, (std::vector<Bytes>{kFrameA, kFrameB}));
    EXPECT_EQ(r.line.frames(), 2u);
    EXPECT_EQ(r.line.counts().total(), 0u);
}

TEST(FaultyLine, DropLosesTheFrameAndCountsIt)
{
    RecordingLine r("drop=1");
    EXPECT_EQ(r.line.send(kFrameA), std::vector<FaultKind>{FaultKind::Drop});
    EXPECT_TRUE(r.writes.empty());
    EXPECT_EQ(r.line.counts()[FaultKind::Drop], 1u);
}

TEST(FaultyLine, DelayDeliversTheFrameAfterTheNextOne)
{
    RecordingLine r("delay=1");
    EXPECT_EQ(r.line.send(kFrameA), std::vector<FaultKind>{FaultKind::Delay});
    EXPECT_TRUE(r.writes.empty());
    r.line.setFaults({});
    EXPECT_TRUE(r.line.send(kFrameB).empty());
    EXPECT_EQ(r.writes, (std::vector<Bytes>{kFrameB, kFrameA}));
}

TEST(FaultyLine, PausingReleasesAHeldFrameAndStopsTheFaults)
{
    RecordingLine r("delay=1");
    r.line.send(kFrameA);
    r.line.pause();
    EXPECT_EQ(r.writes, std::vector<Bytes>{kFrameA});
    EXPECT_TRUE(r.line.send(kFrameB).empty());
    EXPECT_EQ(r.writes, (std::vector<Bytes>{kFrameA, kFrameB}));
    r.line.resume();
    EXPECT_EQ(r.line.send(kFrameB), std::vector<FaultKind>{FaultKind::Delay});
}

TEST(FaultyLine, CorruptFlipsOneBitInsideTheFrame)
{
    RecordingLine r("corrupt=1");
    EXPECT_EQ(r.line.send(kFrameA), std::vector<FaultKind>{FaultKind::Corrupt});
    ASSERT_EQ(r.writes.size(), 1u);
    const Bytes& out = r.writes[0];
    ASSERT_EQ(out.size(), kFrameA.size());
    EXPECT_EQ(out.front(), 0x00);
    EXPECT_EQ(out.back(), 0x00);
    int flipped = 0;
    for (std::size_t i = 0; i < out.size(); ++i)
        flipped += __builtin_popcount(out[i] ^ kFrameA[i]);
    EXPECT_EQ(flipped, 1);
}

TEST(FaultyLine, DuplicateSendsTheFrameTwice)
{
    RecordingLine r("duplicate=1");
    EXPECT_EQ(r.line.send(kFrameA), std::vector<FaultKind>{FaultKind::Duplicate});
    EXPECT_EQ(r.received(), joined({kFrameA, kFrameA}));
}

TEST(FaultyLine, ReplaySendsAnEarlierFrameFirst)
{
    RecordingLine r("");
    r.line.send(kFrameA);
    r.line.setFaults(parseFaultRates("replay=1").rates.value());
    EXPECT_EQ(r.line.send(kFrameB), std::vector<FaultKind>{FaultKind::Replay});
    ASSERT_EQ(r.writes.size(), 3u);
    EXPECT_TRUE(r.writes[1] == kFrameA || r.writes[1] == kFrameB);
    EXPECT_EQ(r.writes[2], kFrameB);
}

TEST(FaultyLine, GarbageGoesOutBeforeTheFrame)
{
    RecordingLine r("garbage=1");
    EXPECT_EQ(r.line.send(kFrameA), std::vector<FaultKind>{FaultKind::Garbage});
    ASSERT_EQ(r.writes.size(), 2u);
    EXPECT_FALSE(r.writes[0].empty());
    EXPECT_EQ(r.writes[1], kFrameA);
}

TEST(FaultyLine, SplitWritesTheFrameInSeveralPieces)
{
    RecordingLine r("split=1");
    EXPECT_EQ(r.line.send(kFrameA), std::vector<FaultKind>{FaultKind::Split});
    EXPECT_GE(r.writes.size(), 2u);
    EXPECT_EQ(r.received(), kFrameA);
}

TEST(FaultyLine, OneSeedGivesTheSameFaultsAndEachStreamItsOwn)
{
    const std::string rates = "drop=0.3,delay=0.2,corrupt=0.2,duplicate=0.2,replay=0.2,garbage=0.3,split=0.3";
    RecordingLine first(rates, 42, 1);
    RecordingLine again(rates, 42, 1);
    RecordingLine otherStream(rates, 42, 2);
    for (int i = 0; i < 50; ++i)
        for (RecordingLine* r : {&first, &again, &otherStream})
            r->line.send(i % 2 ? kFrameA : kFrameB);
    EXPECT_EQ(first.writes, again.writes);
    EXPECT_NE(first.writes, otherStream.writes);
}

// --- command line --------------------------------------------------------

TEST(FaultRatesArgument, TakesAnySubsetOfKinds)
{
    const ParsedRates parsed = parseFaultRates("drop=0.25,garbage=1,split=0");
    ASSERT_TRUE(parsed.rates) << parsed.error;
    EXPECT_EQ((*parsed.rates)[FaultKind::Drop], 0.25);
    EXPECT_EQ((*parsed.rates)[FaultKind::Garbage], 1.0);
    EXPECT_EQ((*parsed.rates)[FaultKind::Delay], 0.0);
    EXPECT_TRUE(parseFaultRates("").rates->clean());
}

TEST(FaultRatesArgument, NamesWhatIsWrong)
{
    const std::vector<std::pair<std::string, std::string>> cases{
        {"jitter=0.1", "unknown fault kind 'jitter'"},
        {"drop=1.5", "'drop=1.5': the probability must be a number from 0 to 1"},
        {"drop=-0.1", "'drop=-0.1'"},
        {"drop=nan", "'drop=nan'"},
        {"drop=0.1x", "'drop=0.1x'"},
        {"drop", "'drop': expected kind=probability"},
        {"drop=0.1,", "nothing after the comma"},
        {"drop=0.1,drop=0.2", "'drop' given twice"},
    };
    for (const auto& [text, message] : cases) {
        const ParsedRates parsed = parseFaultRates(text);
        EXPECT_FALSE(parsed.rates) << text;
        EXPECT_NE(parsed.error.find(message), std::string::npos) << text << " -> " << parsed.error;
    }
}

TEST(ProxyCommandLine, TakesBothFormsOfEveryOption)
{
    const ParsedOptions parsed = parseProxyOptions({"--host-link", "/run/h", "--board-link=/run/b", "--seed=9",
                                                    "--to-board", "drop=0.5", "--to-host=corrupt=1", "--log", "/tmp/l"});
    ASSERT_TRUE(parsed.options) << parsed.error;
    const ProxyOptions& o = *parsed.options;
    EXPECT_EQ(o.hostLink, "/run/h");
    EXPECT_EQ(o.boardLink, "/run/b");
    EXPECT_EQ(o.seed, 9u);
    EXPECT_EQ(o.toBoard[FaultKind::Drop], 0.5);
    EXPECT_EQ(o.toHost[FaultKind::Corrupt], 1.0);
    EXPECT_TRUE(o.toHost[FaultKind::Drop] == 0.0);
    EXPECT_EQ(o.logFile, "/tmp/l");
}

TEST(ProxyCommandLine, NamesTheOptionThatIsWrong)
{
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"--board-link", "/b"}, "missing --host-link"},
        {{"--host-link", "/h"}, "missing --board-link"},
        {{"--host-link", "/h", "--board-link", "/b", "--speed", "3"}, "unknown option --speed"},
        {{"--host-link", "/h", "--board-link", "/b", "stray"}, "unexpected argument 'stray'"},
        {{"--host-link", "/h", "--board-link", "/b", "--seed", "x1"}, "--seed: 'x1' is not a number"},
        {{"--host-link", "/h", "--board-link", "/b", "--seed", "4294967296"}, "--seed:"},
        {{"--host-link", "/h", "--board-link", "/b", "--to-host", "drop=2"}, "--to-host: 'drop=2'"},
        {{"--host-link", "/h", "--board-link", "/b", "--to-board", "lag=1"}, "--to-board: unknown fault kind 'lag'"},
        {{"--host-link", "/h", "--board-link", "/b", "--log"}, "--log needs a value"},
        {{"--host-link", "/h", "--host-link", "/i", "--board-link", "/b"}, "--host-link given twice"},
        {{"--host-link", "/h", "--board-link", "/h"}, "name the same path"},
        {{"--host-link=", "--board-link", "/b"}, "--host-link: an empty path"},
    };
    for (const auto& [args, message] : cases) {
        const ParsedOptions parsed = parseProxyOptions(args);
        EXPECT_FALSE(parsed.options) << message;
        EXPECT_NE(parsed.error.find(message), std::string::npos) << message << " -> " << parsed.error;
    }
}

TEST(FrameLogLine, HasTimeDirectionBytesAndFaults)
{
    EXPECT_EQ(frameLogLine(123456789, "to-host", Bytes{0x00, 0x0a, 0xff, 0x00}, {FaultKind::Garbage, FaultKind::Drop}),
              "123456789 to-host 000aff00 garbage,drop");
    EXPECT_EQ(frameLogLine(5, "to-board", Bytes{0x01, 0x00}, {}), "5 to-board 0100 -");
}

} // namespace
} // namespace icd::test
