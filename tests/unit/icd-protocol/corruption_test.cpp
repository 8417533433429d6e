// Noise, truncation, forgery and random damage: none is ever accepted.
#include "link_fixture.hpp"

#include <algorithm>
#include <functional>
#include <random>

namespace icd {
namespace {

using test::Link;

// Feeds `stream` to a fresh reader and opens every body it yields; returns
// how many were accepted.
template <typename Open>
int acceptedFrom(const Bytes& stream, Open open)
{
    FrameReader reader;
    int accepted = 0;
    for (const auto& body : reader.feed(stream))
        accepted += open(body).accepted() ? 1 : 0;
    return accepted;
}

TEST(Corruption, ChangingAnyByteOfAnyFrameMakesItUnacceptable)
{
    Link link;
    const Nonce hostNonce = test::nonceFromSeed(90);
    const Bytes hello = link.host().hello(hostNonce).frame;
    auto atBoard = [&](const Bytes& b) { return link.board().open(b, link.freshNonce()); };
    auto atHost = [&](const Bytes& b) { return link.host().open(b); };

    struct Target {
        const char* name;
        Bytes frame;
        std::function<Outcome(const Bytes&)> open;
    };
    auto check = [&](const Target& t) {
        for (std::size_t pos = 0; pos < t.frame.size(); ++pos) {
            for (int x = 1; x < 256; ++x) {
                Bytes damaged = t.frame;
                damaged[pos] ^= static_cast<std::uint8_t>(x);
                ASSERT_EQ(acceptedFrom(damaged, t.open), 0) << t.name << " byte " << pos << " ^ " << x;
            }
        }
        EXPECT_EQ(acceptedFrom(t.frame, t.open), 1) << t.name << ": the undamaged frame";
    };

    check({"HELLO", hello, atBoard});
    // The board answers the real HELLO; its HELLO_ACK is damaged on the way.
    const Bytes helloAck = link.board().open(test::bodyOf(hello), test::nonceFromSeed(91)).reply;
    check({"HELLO_ACK", helloAck, atHost});
    check({"REQ_CYCLE", link.host().seal(RequestCycle{RequestReason::RebootBudgetSpent}).frame, atBoard});
    check({"ACK", link.board().seal(Ack{1}).frame, atHost});
    check({"REQ_OFF", link.host().seal(RequestOff{RequestReason::Unrecoverable}).frame, atBoard});
    check({"FENCE_PEER", link.host().seal(FencePeer{3, 2}).frame, atBoard});
    check({"PEER_NOTICE", link.board().sealNotice(PeerNotice{1, 3, PeerEvent::Fencing, ActionReason::FenceRequest, 2}).frame,
           atHost});
    check({"NOTICE_ACK", link.host().seal(NoticeAck{1}).frame, atBoard});

    link.restartBoard();
    const Bytes noSession = link.toBoard(link.host().seal(Heartbeat{}).frame).reply;
    check({"NAK_NO_SESSION", noSession, atHost});
}

TEST(Corruption, ATruncatedFrameIsNeverAccepted)
{
    Link link;
    link.establish();
    const Bytes frame = link.host().seal(RequestCycle{RequestReason::Operator}).frame;
    const Bytes body = test::bodyOf(frame);
    // Cutting before the last delimiter and ending early with one: the cut
    // just before it would give back the whole frame.
    for (std::size_t cut = 1; cut + 1 < frame.size(); ++cut) {
        Bytes truncated(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(cut));
        truncated.push_back(kFrameDelimiter);
        EXPECT_EQ(acceptedFrom(truncated, [&](const Bytes& b) { return link.board().open(b, link.freshNonce()); }), 0)
            << "cut at " << cut;
    }
    for (std::size_t size = 0; size < body.size(); ++size)
        EXPECT_FALSE(link.board().open(ByteView(body).first(size), link.freshNonce()).accepted()) << size;
    Bytes longer = body;
    longer.push_back(0x00);
    EXPECT_FALSE(link.board().open(longer, link.freshNonce()).accepted());
    EXPECT_TRUE(link.board().open(body, link.freshNonce()).accepted());
}

TEST(Corruption, AForgerWithAnotherKeyGetsNothingAccepted)
{
    Link link;
    link.establish();
    // A forger that knows the protocol and the host id but not the key.
    HostSession forger(Link::kHost, test::keyFromSeed(2));
    BoardSession forgersBoard(Link::kHost, test::keyFromSeed(2));
    const Bytes hello = forger.hello(test::nonceFromSeed(77)).frame;
    EXPECT_EQ(link.toBoard(hello).reason, DropReason::Tag);
    forger.open(test::bodyOf(forgersBoard.open(test::bodyOf(hello), test::nonceFromSeed(78)).reply));
    ASSERT_EQ(forger.state(), HostSession::State::Established);

    const std::vector<HostRequest> requests = {
        Heartbeat{}, RequestCycle{RequestReason::Operator}, RequestOff{RequestReason::Operator},
        StatusQuery{}, Disarm{}, ClearLatch{Link::kHost}, FencePeer{3, 9}, NoticeAck{1}, PeerQuery{3},
    };
    for (const auto& request : requests) {
        Outcome outcome = link.toBoard(forger.seal(request).frame);
        EXPECT_FALSE(outcome.accepted());
        EXPECT_EQ(outcome.reason, DropReason::Tag);
    }
    EXPECT_EQ(link.board().counters().dropped(DropReason::Tag), requests.size() + 1);
    EXPECT_TRUE(link.request(Heartbeat{}).accepted());
}

// Random damage of every kind to a stream of genuine frames. Frames that
// come out byte-identical may be accepted; anything else never is.
enum class Damage { FlipBit, SetByte, Insert, Erase, Repeat, Swap };

void damage(Bytes& stream, std::mt19937& random)
{
    if (stream.empty())
        return;
    const auto at = static_cast<std::size_t>(random() % stream.size());
    switch (static_cast<Damage>(random() % 6)) {
    case Damage::FlipBit:
        stream[at] ^= static_cast<std::uint8_t>(1u << (random() % 8));
        break;
    case Damage::SetByte:
        stream[at] = static_cast<std::uint8_t>(random());
        break;
    case Damage::Insert:
        stream.insert(stream.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(random()));
        break;
    case Damage::Erase:
        stream.erase(stream.begin() + static_cast<std::ptrdiff_t>(at));
        break;
    case Damage::Repeat: {
        const std::size_t n = std::min<std::size_t>(1 + random() % 12, stream.size() - at);
        Bytes copy(stream.begin() + static_cast<std::ptrdiff_t>(at), stream.begin() + static_cast<std::ptrdiff_t>(at + n));
        stream.insert(stream.begin() + static_cast<std::ptrdiff_t>(random() % stream.size()), copy.begin(), copy.end());
        break;
    }
    case Damage::Swap:
        std::swap(stream[at], stream[random() % stream.size()]);
        break;
    }
}

TEST(Corruption, RandomDamageIsNeverAccepted)
{
    std::mt19937 random(0x1CD);
    int genuineAccepted = 0;
    for (int round = 0; round < 3000; ++round) {
        Link link;
        link.establish();
        std::vector<Bytes> genuine;
        Bytes stream;
        for (const HostRequest& r : {HostRequest{RequestCycle{RequestReason::Operator}}, HostRequest{Heartbeat{}},
                                     HostRequest{FencePeer{3, 1}},
                                     HostRequest{RequestOff{RequestReason::Unrecoverable}}}) {
            const Bytes frame = link.host().seal(r).frame;
            genuine.push_back(test::bodyOf(frame));
            stream.insert(stream.end(), frame.begin(), frame.end());
        }
        const int damages = 1 + static_cast<int>(random() % 4);
        for (int i = 0; i < damages; ++i)
            damage(stream, random);

        FrameReader reader;
        for (const auto& body : reader.feed(stream)) {
            const bool isGenuine = std::find(genuine.begin(), genuine.end(), body) != genuine.end();
            const Outcome outcome = link.board().open(body, link.freshNonce());
            if (isGenuine)
                genuineAccepted += outcome.accepted() ? 1 : 0;
            else
                ASSERT_FALSE(outcome.accepted()) << "round " << round;
        }
    }
    // Most rounds leave some frames whole: the test saw acceptance happen.
    EXPECT_GT(genuineAccepted, 3000);
}

} // namespace
} // namespace icd
