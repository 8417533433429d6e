// Every way a frame can be dropped, each counted under its own name.
#include "link_fixture.hpp"

#include "protocol/payload_codec.hpp"

#include <functional>
#include <set>

namespace icd {
namespace {

using test::Link;

// Runs one bad input against a freshly established link and returns the
// counters of whatever component dropped it.
using Scenario = std::function<Counters(Link&)>;

struct Case {
    DropReason reason;
    Scenario scenario;
};

Counters readerAfter(const Bytes& stream)
{
    FrameReader reader;
    EXPECT_TRUE(reader.feed(stream).empty());
    return reader.counters();
}

// A genuine request body with one change, its CRC made right again.
Bytes alteredRequest(Link& link, std::size_t offset, std::uint8_t value)
{
    Bytes body = test::bodyOf(link.host().seal(RequestCycle{RequestReason::Operator}).frame);
    body[offset] = value;
    return test::withFreshCrc(body);
}

Counters authenticAtBoard(Link& link, std::uint8_t type, ByteView payload)
{
    Header header;
    header.type = type;
    header.host = Link::kHost;
    header.seq = 100;
    link.board().open(test::authenticBody(link.sessionKey(), TagContext::SessionFromHost, header, payload),
                      link.freshNonce());
    return link.board().counters();
}

const std::vector<Case>& cases()
{
    static const std::vector<Case> all = {
        {DropReason::Noise, [](Link&) { return readerAfter(Bytes{'a', 'b', 'c', 0x00}); }},
        {DropReason::Cobs, [](Link&) { return readerAfter(Bytes{0x00, 0x05, 0x11, 0x00}); }},
        {DropReason::Oversize,
         [](Link&) {
             Bytes flood(kMaxEncodedBodySize + 1, 0x33);
             flood.insert(flood.begin(), 0x00);
             flood.push_back(0x00);
             return readerAfter(flood);
         }},
        {DropReason::Length,
         [](Link& link) {
             link.board().open(alteredRequest(link, 8, 2), link.freshNonce()); // payload-length field
             return link.board().counters();
         }},
        {DropReason::Crc,
         [](Link& link) {
             Bytes body = test::bodyOf(link.host().seal(Heartbeat{}).frame);
             body[3] ^= 0x40;
             link.board().open(body, link.freshNonce());
             return link.board().counters();
         }},
        {DropReason::Version,
         [](Link& link) {
             link.board().open(alteredRequest(link, 0, kProtocolVersion + 1), link.freshNonce());
             return link.board().counters();
         }},
        {DropReason::WrongHost,
         [](Link& link) {
             link.board().open(alteredRequest(link, 3, Link::kHost + 1), link.freshNonce());
             return link.board().counters();
         }},
        {DropReason::NoSession,
         [](Link& link) {
             link.restartBoard();
             link.toBoard(link.host().seal(Heartbeat{}).frame);
             return link.board().counters();
         }},
        {DropReason::Tag,
         [](Link& link) {
             link.board().open(alteredRequest(link, 9, 0x02), link.freshNonce()); // reason, under the old tag
             return link.board().counters();
         }},
        {DropReason::Replay,
         [](Link& link) {
             Bytes old;
             link.request(Heartbeat{}, &old);
             for (std::size_t i = 0; i < BoardSession::kRememberedRequests; ++i)
                 link.request(Heartbeat{}); // until the board no longer remembers it
             link.toBoard(old);
             return link.board().counters();
         }},
        {DropReason::Duplicate,
         [](Link& link) {
             Bytes frame;
             link.request(RequestOff{RequestReason::Operator}, &frame);
             link.toBoard(frame);
             return link.board().counters();
         }},
        {DropReason::UnknownType,
         [](Link& link) { return authenticAtBoard(link, kLastMessageType + 1, Bytes{}); }},
        {DropReason::Unexpected,
         [](Link& link) {
             return authenticAtBoard(link, static_cast<std::uint8_t>(MessageType::Nak),
                                     encodePayload(Nak{1, NakReason::Busy}));
         }},
        {DropReason::Malformed,
         [](Link& link) {
             return authenticAtBoard(link, static_cast<std::uint8_t>(MessageType::ClearLatch), Bytes{});
         }},
    };
    return all;
}

TEST(DropKinds, EachIsCountedUnderItsOwnName)
{
    for (const auto& c : cases()) {
        Link link;
        link.establish();
        const Counters counters = c.scenario(link);
        EXPECT_EQ(counters.dropped(c.reason), 1u) << dropReasonName(c.reason);
        EXPECT_EQ(counters.droppedTotal(), 1u) << dropReasonName(c.reason) << ": counted under another name too";
    }
}

TEST(DropKinds, EveryReasonHasACase)
{
    std::set<DropReason> covered;
    for (const auto& c : cases())
        covered.insert(c.reason);
    EXPECT_EQ(covered.size(), kDropReasonCount);
}

TEST(DropKinds, NamesAreStableAndDistinct)
{
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < kDropReasonCount; ++i) {
        const auto reason = static_cast<DropReason>(i);
        const std::string_view name = dropReasonName(reason);
        EXPECT_TRUE(names.insert(name).second) << name;
        EXPECT_EQ(dropReasonFromName(name), reason);
        for (char ch : name)
            EXPECT_TRUE((ch >= 'a' && ch <= 'z') || ch == '-') << name;
    }
    EXPECT_EQ(dropReasonName(DropReason::Replay), "replay");
    EXPECT_FALSE(dropReasonFromName("bogus"));
}

TEST(DropKinds, CountersAddUp)
{
    Counters a, b;
    a.countDrop(DropReason::Crc);
    a.countAccepted();
    b.countDrop(DropReason::Crc);
    b.countDrop(DropReason::Tag);
    a += b;
    EXPECT_EQ(a.dropped(DropReason::Crc), 2u);
    EXPECT_EQ(a.dropped(DropReason::Tag), 1u);
    EXPECT_EQ(a.accepted(), 1u);
    EXPECT_EQ(a.droppedTotal(), 3u);
}

} // namespace
} // namespace icd
