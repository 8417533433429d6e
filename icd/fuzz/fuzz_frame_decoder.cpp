// libFuzzer harness for everything that reads bytes from the line: the
// frame reader, both sessions, the payload decoder and COBS. The input is
// what arrives on the serial line.
//
// Checked beyond "no crash, no leak, no undefined behaviour":
//  - sessions keyed with a key the input cannot know never accept a frame;
//  - whatever is accepted or decoded encodes back to the very same bytes.

#include "fuzz_link.hpp"

#include "protocol/cobs.hpp"
#include "protocol/crc32c.hpp"
#include "protocol/frame_reader.hpp"
#include "protocol/payload_codec.hpp"

#include <cstdio>
#include <cstdlib>

namespace {

using namespace icd;

[[noreturn]] void violated(const char* what)
{
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
}

// An accepted message must be exactly what its body carried: a lenient
// decoder would let two encodings mean one thing.
void checkCanonical(const Outcome& outcome, ByteView body)
{
    if (!outcome.message)
        return;
    const Bytes payload = encodePayload(outcome.message->payload);
    const ByteView carried = body.subspan(kHeaderSize, body.size() - kMinBodySize);
    if (!std::equal(payload.begin(), payload.end(), carried.begin(), carried.end()))
        violated("accepted payload does not re-encode to its bytes");
}

void openEverywhere(const Bytes& body, fuzz::FuzzLink& known, fuzz::FuzzLink& unknown)
{
    const Outcome atBoard = known.board.open(body, fuzz::boardNonceForFuzzing());
    checkCanonical(atBoard, body);
    // Whatever the board answers goes to the host, as on a real line.
    FrameReader replies;
    for (const auto& reply : replies.feed(atBoard.reply))
        checkCanonical(known.host.open(reply), reply);
    checkCanonical(known.host.open(body), body);

    if (unknown.board.open(body, fuzz::boardNonceForFuzzing()).accepted())
        violated("board accepted a frame without the key");
    if (unknown.host.open(body).accepted())
        violated("host accepted a frame without the key");
}

// The same body with its CRC made right, as if noise had hit the CRC too:
// a mutated frame rarely passes the CRC, and this lets the fuzzer reach the
// checks behind it (version, length, host, dispatch, tag).
Bytes withCorrectCrc(const Bytes& body)
{
    if (body.size() < kCrcSize)
        return body;
    Bytes fixed(body.begin(), body.end() - kCrcSize);
    appendU32le(fixed, crc32c(fixed));
    return fixed;
}

void decodeDirectly(ByteView data)
{
    if (data.empty())
        return;
    const auto type = static_cast<MessageType>(data[0]);
    if (auto payload = decodePayload(type, data.subspan(1))) {
        const Bytes again = encodePayload(*payload);
        if (!std::equal(again.begin(), again.end(), data.begin() + 1, data.end()))
            violated("payload decode is not canonical");
    }
    if (auto decoded = cobsDecode(data)) {
        if (cobsDecode(cobsEncode(*decoded)) != decoded)
            violated("COBS round trip");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // Set up once; every input starts from a copy of the same state.
    static const fuzz::FuzzLink knownTemplate = fuzz::establishedLink(fuzz::FuzzKey::Corpus);
    static const fuzz::FuzzLink unknownTemplate = fuzz::establishedLink(fuzz::FuzzKey::Unknown);
    fuzz::FuzzLink known = knownTemplate;
    fuzz::FuzzLink unknown = unknownTemplate;

    const ByteView input(data, size);
    // Two chunks, split where the first byte says, as reads from a line come.
    const std::size_t split = size ? data[0] % (size + 1) : 0;
    FrameReader reader;
    for (ByteView chunk : {input.first(split), input.subspan(split)})
        for (const auto& body : reader.feed(chunk)) {
            openEverywhere(body, known, unknown);
            if (const Bytes fixed = withCorrectCrc(body); fixed != body)
                openEverywhere(fixed, known, unknown);
        }

    decodeDirectly(input);
    return 0;
}
