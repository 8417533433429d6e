#include "cobs.hpp"

namespace icd {

namespace {
constexpr std::uint8_t kFullBlockCode = 0xFF; // 254 data bytes, no implied zero
}

Bytes cobsEncode(ByteView data)
{
    Bytes out;
    out.reserve(cobsMaxEncodedSize(data.size()));
    std::size_t codeAt = 0;
    std::uint8_t code = 1;
    out.push_back(0); // placeholder for the first code byte

    auto closeBlock = [&] {
        out[codeAt] = code;
        codeAt = out.size();
        out.push_back(0);
        code = 1;
    };

    for (std::size_t i = 0; i < data.size(); ++i) {
        if (data[i] == 0) {
            closeBlock();
            continue;
        }
        out.push_back(data[i]);
        ++code;
        if (code == kFullBlockCode && i + 1 < data.size())
            closeBlock();
    }
    out[codeAt] = code;
    return out;
}

std::optional<Bytes> cobsDecode(ByteView encoded)
{
    if (encoded.empty())
        return std::nullopt;
    Bytes out;
    out.reserve(encoded.size());
    std::size_t i = 0;
    while (i < encoded.size()) {
        const std::uint8_t code = encoded[i++];
        if (code == 0)
            return std::nullopt;
        const std::size_t run = code - 1u;
        if (run > encoded.size() - i)
            return std::nullopt;
        for (std::size_t k = 0; k < run; ++k, ++i) {
            if (encoded[i] == 0)
                return std::nullopt;
            out.push_back(encoded[i]);
        }
        // Every block but a full one stands for "data, then a zero"; the
        // zero after the last block is not part of the data.
        if (code != kFullBlockCode && i < encoded.size())
            out.push_back(0);
    }
    return out;
}

} // namespace icd
