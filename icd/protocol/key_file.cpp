#include "key_file.hpp"

#include "common/files/regular_file.hpp"

#include <openssl/crypto.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace icd {

namespace {

// Large enough for the longest hex key with some whitespace; anything
// bigger is not a key file.
constexpr std::size_t kMaxKeyFileSize = 2 * kMaxKeySize + 64;

bool isSpace(std::uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hexValue(std::uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

ByteView trimmed(ByteView text)
{
    while (!text.empty() && isSpace(text.front()))
        text = text.subspan(1);
    while (!text.empty() && isSpace(text.back()))
        text = text.first(text.size() - 1);
    return text;
}

bool allHex(ByteView text)
{
    for (std::uint8_t c : text)
        if (hexValue(c) < 0)
            return false;
    return !text.empty();
}

ParsedKey fromSize(ByteView keyBytes)
{
    if (keyBytes.size() < kMinKeySize)
        return {std::nullopt, KeyFileError::TooShort};
    if (keyBytes.size() > kMaxKeySize)
        return {std::nullopt, KeyFileError::TooLong};
    return {Key::fromBytes(keyBytes), KeyFileError::None};
}

ParsedKey fromHex(ByteView hex)
{
    if (hex.size() % 2 != 0)
        return {std::nullopt, KeyFileError::OddHexDigits};
    Bytes decoded;
    decoded.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2)
        decoded.push_back(static_cast<std::uint8_t>(hexValue(hex[i]) << 4 | hexValue(hex[i + 1])));
    ParsedKey parsed = fromSize(decoded);
    OPENSSL_cleanse(decoded.data(), decoded.size());
    return parsed;
}

std::string describe(KeyFileError error, const std::string& path, const struct stat* st, int savedErrno)
{
    const std::string file = "key file " + path;
    switch (error) {
    case KeyFileError::None:
        return {};
    case KeyFileError::CannotOpen:
        return "cannot open " + file + ": " + std::strerror(savedErrno);
    case KeyFileError::NotRegularFile:
        return file + " is not a regular file";
    case KeyFileError::UnsafePermissions: {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", st ? unsigned(st->st_mode & 07777) : 0u);
        return file + " is accessible by group or others (mode " + mode + "); run: chmod 600 " + path;
    }
    case KeyFileError::UnsafeOwner:
        return file + " is owned by uid " + std::to_string(st ? st->st_uid : 0) +
               ", neither root nor the reading user; another user could read or replace it";
    case KeyFileError::ReadFailed:
        return "cannot read " + file + ": " + std::strerror(savedErrno);
    case KeyFileError::OddHexDigits:
        return file + " holds an odd number of hex digits";
    case KeyFileError::TooShort:
        return file + " holds fewer than " + std::to_string(kMinKeySize) + " key bytes";
    case KeyFileError::TooLong:
        return file + " is too large for a key (at most " + std::to_string(kMaxKeySize) + " bytes)";
    }
    return file + ": unknown error";
}

} // namespace

std::string_view keyFileErrorName(KeyFileError error)
{
    static constexpr std::array<std::string_view, 9> names = {
        "none", "cannot-open", "not-regular-file", "unsafe-permissions", "unsafe-owner",
        "read-failed", "odd-hex-digits", "too-short", "too-long",
    };
    return names[static_cast<std::size_t>(error)];
}

ParsedKey parseKeyContents(ByteView contents)
{
    const ByteView text = trimmed(contents);
    if (allHex(text))
        return fromHex(text);
    return fromSize(contents);
}

KeyFileResult loadKeyFile(const std::string& path)
{
    auto fail = [&](KeyFileError error, const struct stat* st, int savedErrno) {
        return KeyFileResult{std::nullopt, error, describe(error, path, st, savedErrno)};
    };

    // Not blocking on a FIFO, checked on the open descriptor: see openRegularFile.
    pgm::files::OpenedFile file = pgm::files::openRegularFile(path);
    if (file.problem == pgm::files::Problem::Missing || file.problem == pgm::files::Problem::CannotOpen)
        return fail(KeyFileError::CannotOpen, nullptr, file.error);
    const struct stat& st = file.st;
    if (file.problem == pgm::files::Problem::NotRegular)
        return fail(KeyFileError::NotRegularFile, &st, 0);
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        return fail(KeyFileError::UnsafePermissions, &st, 0);
    if (st.st_uid != 0 && st.st_uid != ::geteuid())
        return fail(KeyFileError::UnsafeOwner, &st, 0);

    // One buffer of fixed size, cleansed afterwards: no copy of the key is
    // left behind in freed memory.
    Bytes contents(kMaxKeyFileSize + 1);
    const long n = pgm::files::readUpTo(
        file.fd.get(), std::span<char>(reinterpret_cast<char*>(contents.data()), contents.size()));
    if (n < 0) {
        OPENSSL_cleanse(contents.data(), contents.size());
        return fail(KeyFileError::ReadFailed, &st, static_cast<int>(-n));
    }
    const auto filled = static_cast<std::size_t>(n);

    ParsedKey parsed = filled > kMaxKeyFileSize ? ParsedKey{std::nullopt, KeyFileError::TooLong}
                                                : parseKeyContents(ByteView(contents).first(filled));
    OPENSSL_cleanse(contents.data(), contents.size());
    if (!parsed.key)
        return fail(parsed.error, &st, 0);
    return KeyFileResult{std::move(parsed.key), KeyFileError::None, {}};
}

} // namespace icd
