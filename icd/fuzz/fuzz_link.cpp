#include "fuzz_link.hpp"

#include "protocol/frame_reader.hpp"
#include "protocol/mac.hpp"

#include <cstdio>
#include <cstdlib>

namespace icd::fuzz {

namespace {

Nonce nonceFrom(std::uint8_t seed)
{
    Nonce nonce{};
    for (std::size_t i = 0; i < nonce.size(); ++i)
        nonce[i] = static_cast<std::uint8_t>(seed * 17 + i);
    return nonce;
}

[[noreturn]] void setUpFailed(const char* step)
{
    std::fprintf(stderr, "fuzz link set-up failed at %s\n", step);
    std::abort();
}

Bytes onlyBody(const Bytes& frame, const char* step)
{
    FrameReader reader;
    auto bodies = reader.feed(frame);
    if (bodies.size() != 1)
        setUpFailed(step);
    return bodies.front();
}

} // namespace

Key fuzzKey(FuzzKey which)
{
    Bytes bytes(32);
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<std::uint8_t>(which == FuzzKey::Corpus ? 0x40 + i : 0xB7 ^ (i * 29));
    return *Key::fromBytes(bytes);
}

Nonce boardNonceForFuzzing()
{
    return nonceFrom(9);
}

FuzzLink establishedLink(FuzzKey which, std::vector<Bytes>* setUpFrames)
{
    FuzzLink link{HostSession(kFuzzHost, fuzzKey(which)), BoardSession(kFuzzHost, fuzzKey(which))};
    const Bytes hello = link.host.hello(nonceFrom(1)).frame;
    const Bytes helloAck = link.board.open(onlyBody(hello, "hello"), nonceFrom(2)).reply;
    if (!link.host.open(onlyBody(helloAck, "hello-ack")).accepted())
        setUpFailed("hello-ack");
    const Sealed beat = link.host.seal(Heartbeat{});
    if (!link.board.open(onlyBody(beat.frame, "heartbeat"), nonceFrom(3)).accepted())
        setUpFailed("heartbeat");
    const Bytes ack = link.board.seal(Ack{beat.seq}).frame;
    if (!link.host.open(onlyBody(ack, "ack")).accepted())
        setUpFailed("ack");
    if (setUpFrames)
        *setUpFrames = {hello, helloAck, beat.frame, ack};
    return link;
}

Key corpusSessionKey()
{
    return *deriveSessionKey(fuzzKey(FuzzKey::Corpus), kFuzzHost, nonceFrom(1), nonceFrom(2));
}

} // namespace icd::fuzz
