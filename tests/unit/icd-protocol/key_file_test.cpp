#include "protocol/key_file.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace icd {
namespace {

class KeyFile : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "icd-key-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override
    {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    std::string write(const std::string& name, const std::string& contents, mode_t mode = 0600)
    {
        const std::string path = dir_ + "/" + name;
        std::ofstream(path, std::ios::binary) << contents;
        EXPECT_EQ(::chmod(path.c_str(), mode), 0);
        return path;
    }

    std::string dir_;
};

const std::string kHex32 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

Bytes counting(std::size_t n)
{
    Bytes out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<std::uint8_t>(i);
    return out;
}

TEST_F(KeyFile, ReadsHexWithSurroundingWhitespace)
{
    auto result = loadKeyFile(write("hex", "  " + kHex32 + "\n"));
    ASSERT_TRUE(result.key) << result.message;
    EXPECT_EQ(Bytes(result.key->bytes().begin(), result.key->bytes().end()), counting(32));
    EXPECT_TRUE(result.message.empty());
}

TEST_F(KeyFile, ReadsUpperCaseHex)
{
    std::string upper = kHex32;
    for (char& c : upper)
        c = static_cast<char>(std::toupper(c));
    auto result = loadKeyFile(write("hex", upper));
    ASSERT_TRUE(result.key) << result.message;
    EXPECT_EQ(Bytes(result.key->bytes().begin(), result.key->bytes().end()), counting(32));
}

TEST_F(KeyFile, ReadsRawBytesAsTheyAre)
{
    std::string raw;
    for (int i = 0; i < 32; ++i)
        raw.push_back(static_cast<char>(0xC0 + i)); // not hex digits
    raw.back() = '\n'; // a raw key may end in any byte; it is not trimmed
    auto result = loadKeyFile(write("raw", raw, 0400));
    ASSERT_TRUE(result.key) << result.message;
    EXPECT_EQ(result.key->bytes().size(), 32u);
    EXPECT_EQ(result.key->bytes().back(), '\n');
}

struct BadContent {
    const char* name;
    std::string contents;
    KeyFileError error;
};

TEST_F(KeyFile, RejectsContentThatIsNoKey)
{
    const std::vector<BadContent> cases = {
        {"short hex", kHex32.substr(0, 30), KeyFileError::TooShort},
        {"odd hex", kHex32.substr(0, 33), KeyFileError::OddHexDigits},
        {"short raw", "\xC1\xC2\xC3\xC4\xC5\xC6\xC7\xC8\xC9\xCA", KeyFileError::TooShort},
        {"empty", "", KeyFileError::TooShort},
        {"huge", std::string(5000, 'a'), KeyFileError::TooLong},
    };
    for (const auto& c : cases) {
        const std::string path = write("bad", c.contents);
        auto result = loadKeyFile(path);
        EXPECT_FALSE(result.key) << c.name;
        EXPECT_EQ(result.error, c.error) << c.name << ": " << result.message;
        EXPECT_NE(result.message.find(path), std::string::npos) << c.name << ": " << result.message;
    }
}

TEST_F(KeyFile, RefusesAFileOthersCanRead)
{
    for (mode_t mode : {0640, 0604, 0660, 0602, 0610}) {
        const std::string path = write("key", kHex32, mode);
        auto result = loadKeyFile(path);
        EXPECT_FALSE(result.key) << std::oct << mode;
        EXPECT_EQ(result.error, KeyFileError::UnsafePermissions) << std::oct << mode;
        EXPECT_NE(result.message.find(path), std::string::npos) << result.message;
        EXPECT_NE(result.message.find("chmod 600"), std::string::npos) << result.message;
    }
}

TEST_F(KeyFile, RefusesAFileOfAnotherUser)
{
    const std::string path = write("key", kHex32);
    constexpr uid_t nobody = 65534;
    if (::geteuid() == nobody || ::chown(path.c_str(), nobody, nobody) != 0)
        GTEST_SKIP() << "needs root to give the file to another user";
    auto result = loadKeyFile(path);
    EXPECT_EQ(result.error, KeyFileError::UnsafeOwner) << result.message;
    EXPECT_NE(result.message.find(path), std::string::npos);
}

TEST_F(KeyFile, NamesAMissingFile)
{
    const std::string path = dir_ + "/absent";
    auto result = loadKeyFile(path);
    EXPECT_EQ(result.error, KeyFileError::CannotOpen);
    EXPECT_NE(result.message.find(path), std::string::npos) << result.message;
}

TEST_F(KeyFile, RefusesWhatIsNotARegularFile)
{
    EXPECT_EQ(loadKeyFile(dir_).error, KeyFileError::NotRegularFile);
    const std::string fifo = dir_ + "/fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_EQ(loadKeyFile(fifo).error, KeyFileError::NotRegularFile) << "and does not hang on it";
}

TEST(KeyContents, HexAndRawOfTheSameBytesGiveTheSameKey)
{
    const Bytes raw = {0xDE, 0xAD, 0xBE, 0xEF, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xA0, 0xB0, 0xC0};
    const std::string hex = "deadbeef102030405060708090a0b0c0";
    auto fromRaw = parseKeyContents(raw);
    auto fromHex = parseKeyContents(Bytes(hex.begin(), hex.end()));
    ASSERT_TRUE(fromRaw.key && fromHex.key);
    EXPECT_TRUE(std::equal(fromRaw.key->bytes().begin(), fromRaw.key->bytes().end(), fromHex.key->bytes().begin(),
                           fromHex.key->bytes().end()));
}

} // namespace
} // namespace icd
