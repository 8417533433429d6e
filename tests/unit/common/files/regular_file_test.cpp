// The one reader of configuration and state files: what it refuses, in what
// words, and that refusing never blocks or reads without end.

#include "common/files/regular_file.hpp"

#include "../../support/hang_guard.hpp"
#include "../../support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace pgm::files {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class RegularFile : public ::testing::Test {
protected:
    std::string path(const std::string& name) const { return dir / name; }
    void write(const std::string& name, const std::string& text)
    {
        std::ofstream(path(name), std::ios::binary) << text;
    }

    pgmd::test::TempDir dir;
    pgmd::test::HangGuard guard;
};

TEST_F(RegularFile, ReadsAWholeFile)
{
    write("a", "hello\n");
    FileText f = readRegularFile(path("a"), 100);
    ASSERT_TRUE(f.ok()) << f.why;
    EXPECT_EQ(f.text, "hello\n");
    EXPECT_EQ(f.why, "");
}

TEST_F(RegularFile, ReadsAnEmptyFile)
{
    write("a", "");
    FileText f = readRegularFile(path("a"), 100);
    ASSERT_TRUE(f.ok()) << f.why;
    EXPECT_EQ(f.text, "");
}

TEST_F(RegularFile, AFileOfExactlyTheCapIsRead)
{
    const std::string text(100000, 'x');  // more than one read chunk
    write("a", text);
    FileText f = readRegularFile(path("a"), text.size());
    ASSERT_TRUE(f.ok()) << f.why;
    EXPECT_EQ(f.text, text);
}

TEST_F(RegularFile, OneByteOverTheCapIsRefused)
{
    write("a", std::string(1025, 'x'));
    FileText f = readRegularFile(path("a"), 1024);
    EXPECT_EQ(f.problem, Problem::TooLarge);
    EXPECT_EQ(f.why, "is larger than 1 KiB, the most this file may hold");
    EXPECT_EQ(f.text, "");
}

TEST_F(RegularFile, MissingIsToldApartFromOtherFailures)
{
    FileText f = readRegularFile(path("absent"), 100);
    EXPECT_EQ(f.problem, Problem::Missing);
    EXPECT_EQ(f.why, "cannot open: No such file or directory");
    FileText below = readRegularFile(path("absent/below"), 100);
    EXPECT_EQ(below.problem, Problem::Missing);
}

TEST_F(RegularFile, ADirectoryIsRefused)
{
    fs::create_directory(path("d"));
    FileText f = readRegularFile(path("d"), 100);
    EXPECT_EQ(f.problem, Problem::NotRegular);
    EXPECT_EQ(f.why, "is a directory, not a regular file");
}

TEST_F(RegularFile, AFifoIsRefusedWithoutBlocking)
{
    ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
    FileText f = readRegularFile(path("fifo"), 100);
    EXPECT_EQ(f.problem, Problem::NotRegular);
    EXPECT_EQ(f.why, "is a FIFO, not a regular file");
}

TEST_F(RegularFile, ASocketIsRefused)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string socketPath = path("socket");
    ASSERT_LT(socketPath.size(), sizeof address.sun_path);
    socketPath.copy(address.sun_path, socketPath.size());
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    FileText f = readRegularFile(socketPath, 100);
    ::close(fd);
    // A socket cannot be opened at all (ENXIO); either way it is refused.
    EXPECT_NE(f.problem, Problem::None);
    EXPECT_NE(f.problem, Problem::Missing);
}

TEST_F(RegularFile, ALinkToDevZeroIsRefusedWithoutReadingIt)
{
    fs::create_symlink("/dev/zero", path("zero"));
    FileText f = readRegularFile(path("zero"), 100);
    EXPECT_EQ(f.problem, Problem::NotRegular);
    EXPECT_EQ(f.why, "is a character device, not a regular file");
}

TEST_F(RegularFile, ALinkToARegularFileIsFollowed)
{
    write("target", "through the link");
    fs::create_symlink(path("target"), path("link"));
    FileText f = readRegularFile(path("link"), 100);
    ASSERT_TRUE(f.ok()) << f.why;
    EXPECT_EQ(f.text, "through the link");
}

TEST_F(RegularFile, AFileThatReportsNoSizeIsStillCapped)
{
    // /proc files claim size 0 but have content: the cap holds while reading.
    FileText f = readRegularFile("/proc/self/maps", 10);
    EXPECT_EQ(f.problem, Problem::TooLarge);
}

TEST_F(RegularFile, OpenedFileKeepsTheDescriptorAndTheStatOfWhatWasOpened)
{
    write("a", "abc");
    OpenedFile f = openRegularFile(path("a"));
    ASSERT_EQ(f.problem, Problem::None) << f.why;
    EXPECT_EQ(f.st.st_size, 3);
    char buffer[8];
    EXPECT_EQ(readUpTo(f.fd.get(), buffer), 3);
}

TEST(DescribeSize, UsesTheLargestWholeUnit)
{
    EXPECT_EQ(describeSize(1), "1 byte");
    EXPECT_EQ(describeSize(100), "100 bytes");
    EXPECT_EQ(describeSize(1024), "1 KiB");
    EXPECT_EQ(describeSize(1536), "1536 bytes");
    EXPECT_EQ(describeSize(1024 * 1024), "1 MiB");
    EXPECT_EQ(describeSize(8 * 1024 * 1024), "8 MiB");
}

} // namespace
} // namespace pgm::files
