// Writes the fuzzer's seed corpus: genuine frames of the harness's session,
// frames only the key holder could send, and damaged ones. With --check it
// instead verifies that a corpus directory holds every seed unchanged (files
// added by hand, such as inputs that once crashed, are left alone).

#include "fuzz_link.hpp"

#include "protocol/body.hpp"
#include "protocol/frame.hpp"
#include "protocol/frame_reader.hpp"
#include "protocol/mac.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>

namespace {

using namespace icd;
using Seeds = std::map<std::string, Bytes>;

Bytes concat(std::initializer_list<Bytes> parts)
{
    Bytes out;
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

Bytes hostFrame(const HostRequest& request)
{
    auto link = fuzz::establishedLink(fuzz::FuzzKey::Corpus);
    return link.host.seal(request).frame;
}

Bytes boardFrame(const BoardReply& reply)
{
    auto link = fuzz::establishedLink(fuzz::FuzzKey::Corpus);
    return link.board.seal(reply).frame;
}

Bytes noticeFrame(const PeerNotice& notice)
{
    auto link = fuzz::establishedLink(fuzz::FuzzKey::Corpus);
    return link.board.sealNotice(notice).frame;
}

// A frame under the session key with any type and payload, from the host
// or (with TagContext::SessionFromBoard) from the board.
Bytes authenticFrame(std::uint8_t type, Bytes payload, std::uint32_t seq,
                     TagContext context = TagContext::SessionFromHost)
{
    Header header;
    header.type = type;
    header.host = fuzz::kFuzzHost;
    header.seq = seq;
    const Bytes signedPart = signedPartOf(header, payload);
    const Key key = fuzz::corpusSessionKey();
    return encodeFrame(completeBody(signedPart, *computeTag(key, context, signedPart)));
}

Seeds makeSeeds()
{
    Seeds seeds;
    std::vector<Bytes> setUp;
    auto link = fuzz::establishedLink(fuzz::FuzzKey::Corpus, &setUp);
    seeds["setup-hello"] = setUp[0];
    seeds["setup-hello-ack"] = setUp[1];
    seeds["setup-heartbeat-replayed"] = setUp[2];
    seeds["setup-ack-replayed"] = setUp[3];
    seeds["new-hello"] = link.host.hello(Nonce{0x55}).frame;

    const Bytes cycle = hostFrame(RequestCycle{RequestReason::RebootBudgetSpent});
    seeds["valid-heartbeat"] = hostFrame(Heartbeat{});
    seeds["valid-request-cycle"] = cycle;
    seeds["valid-request-off"] = hostFrame(RequestOff{RequestReason::Unrecoverable});
    seeds["valid-status-query"] = hostFrame(StatusQuery{});
    seeds["valid-disarm"] = hostFrame(Disarm{});
    seeds["valid-clear-latch"] = hostFrame(ClearLatch{fuzz::kFuzzHost});
    seeds["valid-expect-reboot"] = hostFrame(ExpectReboot{});
    seeds["valid-ack"] = boardFrame(Ack{1});
    seeds["valid-nak"] = boardFrame(Nak{1, NakReason::Limit});
    seeds["valid-nak-not-latched"] = boardFrame(Nak{1, NakReason::NotLatched});
    seeds["valid-nak-unknown-host"] = boardFrame(Nak{1, NakReason::UnknownHost});
    seeds["valid-fence-peer"] = hostFrame(FencePeer{2, 3});
    seeds["valid-notice-ack"] = hostFrame(NoticeAck{1});
    seeds["valid-peer-query"] = hostFrame(PeerQuery{2});
    seeds["valid-nak-refused"] = boardFrame(Nak{1, NakReason::Refused});
    seeds["valid-nak-not-peer"] = boardFrame(Nak{1, NakReason::NotPeer});
    seeds["valid-peer-status"] = boardFrame(PeerStatus{1, 2, BoardState::Armed, 120, PeerPower::On});
    seeds["valid-peer-notice"] = noticeFrame(PeerNotice{1, 2, PeerEvent::Off, ActionReason::FenceRequest, 3});
    {
        // A notice between two answers, as the board sends one at once.
        auto link = fuzz::establishedLink(fuzz::FuzzKey::Corpus);
        seeds["stream-notice-between-answers"] =
            concat({link.board.seal(Ack{1}).frame,
                    link.board.sealNotice(PeerNotice{7, 2, PeerEvent::Fencing, ActionReason::FenceRequest, 3}).frame,
                    link.board.seal(Nak{1, NakReason::Refused}).frame});
    }
    StatusReply status;
    status.inReplyTo = 1;
    status.state = BoardState::Armed;
    status.cycleLimit = 3;
    seeds["valid-status-reply"] = boardFrame(status);

    {
        auto several = fuzz::establishedLink(fuzz::FuzzKey::Corpus);
        seeds["stream-three-requests"] = concat({several.host.seal(Heartbeat{}).frame,
                                                 several.host.seal(StatusQuery{}).frame,
                                                 several.host.seal(RequestOff{RequestReason::Operator}).frame});
    }
    seeds["duplicate-request"] = concat({cycle, cycle});
    seeds["authentic-unknown-type"] = authenticFrame(kLastMessageType + 1, {}, 2);
    seeds["authentic-malformed"] = authenticFrame(static_cast<std::uint8_t>(MessageType::RequestCycle), {9}, 2);
    seeds["authentic-board-type"] = authenticFrame(static_cast<std::uint8_t>(MessageType::Ack), {2, 0, 0, 0}, 2);
    seeds["authentic-from-board-unknown-type"] =
        authenticFrame(kLastMessageType + 1, {}, 2, TagContext::SessionFromBoard);
    seeds["authentic-from-board-malformed"] =
        authenticFrame(static_cast<std::uint8_t>(MessageType::Nak), {2, 0, 0, 0, 99}, 2, TagContext::SessionFromBoard);
    seeds["authentic-from-board-host-type"] =
        authenticFrame(static_cast<std::uint8_t>(MessageType::Heartbeat), {}, 2, TagContext::SessionFromBoard);
    seeds["authentic-from-board-expect-reboot"] =
        authenticFrame(static_cast<std::uint8_t>(MessageType::ExpectReboot), {}, 2, TagContext::SessionFromBoard);
    seeds["authentic-from-board-fence-peer"] =
        authenticFrame(static_cast<std::uint8_t>(MessageType::FencePeer), {2, 1, 0}, 2, TagContext::SessionFromBoard);
    seeds["authentic-peer-notice-from-host"] =
        authenticFrame(static_cast<std::uint8_t>(MessageType::PeerNotice), {1, 0, 0, 0, 2, 2, 1, 0}, 2);
    seeds["authentic-from-board-peer-notice-bad-event"] = authenticFrame(
        static_cast<std::uint8_t>(MessageType::PeerNotice), {1, 0, 0, 0, 2, 9, 1, 0}, 2, TagContext::SessionFromBoard);
    seeds["authentic-fence-peer-short"] = authenticFrame(static_cast<std::uint8_t>(MessageType::FencePeer), {2, 1}, 2);
    seeds["authentic-expect-reboot-with-payload"] =
        authenticFrame(static_cast<std::uint8_t>(MessageType::ExpectReboot), {1}, 2);

    {
        // What a board that lost its session answers the set-up heartbeat:
        // the harness's host remembers that frame, so this ends its session.
        BoardSession restarted(fuzz::kFuzzHost, fuzz::fuzzKey(fuzz::FuzzKey::Corpus));
        FrameReader reader;
        const auto bodies = reader.feed(setUp[2]);
        seeds["nak-no-session"] = restarted.open(bodies.front(), Nonce{}).reply;
    }

    for (std::size_t cut : {1u, 5u, 12u, 20u})
        seeds["truncated-request-cycle-" + std::to_string(cut)] =
            concat({Bytes(cycle.begin(), cycle.begin() + static_cast<std::ptrdiff_t>(cut)), Bytes{0}});

    std::mt19937 random(2024);
    Bytes noise(96);
    for (auto& b : noise)
        b = static_cast<std::uint8_t>(random());
    seeds["noise"] = concat({Bytes{0}, noise, Bytes{0}});
    seeds["noise-then-frame"] = concat({Bytes(noise.begin(), noise.begin() + 40), cycle});
    Bytes flipped = cycle;
    flipped[12] ^= 0x20;
    seeds["flipped-byte"] = flipped;
    seeds["oversize-then-frame"] = concat({Bytes{0}, Bytes(300, 0x7E), cycle});
    return seeds;
}

Bytes readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return Bytes{std::istreambuf_iterator<char>(in), {}};
}

int write(const std::filesystem::path& dir, const Seeds& seeds)
{
    std::filesystem::create_directories(dir);
    for (const auto& [name, bytes] : seeds) {
        std::ofstream out(dir / name, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!out) {
            std::fprintf(stderr, "cannot write %s\n", (dir / name).c_str());
            return 1;
        }
    }
    std::printf("wrote %zu seeds to %s\n", seeds.size(), dir.c_str());
    return 0;
}

int check(const std::filesystem::path& dir, const Seeds& seeds)
{
    int stale = 0;
    for (const auto& [name, bytes] : seeds) {
        if (!std::filesystem::exists(dir / name) || readFile(dir / name) != bytes) {
            std::fprintf(stderr, "seed %s is missing or out of date\n", name.c_str());
            ++stale;
        }
    }
    if (stale) {
        std::fprintf(stderr, "regenerate with: icd-make-seed-corpus %s\n", dir.c_str());
        return 1;
    }
    std::printf("all %zu seeds in %s are current\n", seeds.size(), dir.c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const bool checking = argc == 3 && std::strcmp(argv[1], "--check") == 0;
    if (!checking && argc != 2) {
        std::fprintf(stderr, "usage: %s [--check] CORPUS-DIR\n", argv[0]);
        return 2;
    }
    const Seeds seeds = makeSeeds();
    return checking ? check(argv[2], seeds) : write(argv[1], seeds);
}
