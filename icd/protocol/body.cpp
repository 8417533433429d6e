#include "body.hpp"

#include "crc32c.hpp"

namespace icd {

std::optional<DropReason> bodySizeProblem(std::size_t bodySize)
{
    if (bodySize < kMinBodySize)
        return DropReason::Noise;
    if (bodySize > kMaxBodySize)
        return DropReason::Oversize;
    return std::nullopt;
}

std::variant<BodyView, DropReason> parseBody(ByteView body)
{
    if (auto problem = bodySizeProblem(body.size()))
        return *problem;

    const ByteView checked = body.first(body.size() - kCrcSize);
    ByteReader crcField(body.last(kCrcSize));
    if (crc32c(checked) != crcField.u32le())
        return DropReason::Crc;

    ByteReader in(body);
    BodyView view;
    view.header.version = in.u8();
    view.header.type = in.u8();
    view.header.flags = in.u8();
    view.header.host = in.u8();
    view.header.seq = in.u32le();
    view.header.payloadSize = in.u8();
    if (view.header.version != kProtocolVersion)
        return DropReason::Version;
    if (kHeaderSize + view.header.payloadSize + kTagSize + kCrcSize != body.size())
        return DropReason::Length;

    view.payload = body.subspan(kHeaderSize, view.header.payloadSize);
    view.signedPart = body.first(kHeaderSize + view.header.payloadSize);
    view.tag = body.subspan(view.signedPart.size(), kTagSize);
    return view;
}

std::optional<HostId> peekHostId(ByteView body)
{
    auto parsed = parseBody(body);
    if (const auto* view = std::get_if<BodyView>(&parsed))
        return view->header.host;
    return std::nullopt;
}

Bytes signedPartOf(const Header& header, ByteView payload)
{
    Bytes out;
    out.reserve(kHeaderSize + payload.size() + kTagSize + kCrcSize);
    out.push_back(header.version);
    out.push_back(header.type);
    out.push_back(header.flags);
    out.push_back(header.host);
    appendU32le(out, header.seq);
    out.push_back(static_cast<std::uint8_t>(payload.size()));
    appendBytes(out, payload);
    return out;
}

Bytes completeBody(ByteView signedPart, const Tag& tag)
{
    Bytes body(signedPart.begin(), signedPart.end());
    appendBytes(body, tag);
    appendU32le(body, crc32c(body));
    return body;
}

} // namespace icd
