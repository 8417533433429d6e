#include "common/files/regular_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>

namespace pgm::files {

namespace {

std::string errorText(int error)
{
    return std::strerror(error);
}

// What the file is instead, in the words of ls and find.
const char* kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    return "of an unknown type";
}

std::string tooLarge(std::size_t maxBytes)
{
    return "is larger than " + describeSize(maxBytes) + ", the most this file may hold";
}

} // namespace

OpenedFile openRegularFile(const std::string& path)
{
    OpenedFile f;
    f.fd = UniqueFd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (f.fd.get() < 0) {
        f.error = errno;
        f.problem = f.error == ENOENT ? Problem::Missing : Problem::CannotOpen;
        f.why = "cannot open: " + errorText(f.error);
        return f;
    }
    if (::fstat(f.fd.get(), &f.st) < 0) {
        f.error = errno;
        f.problem = Problem::CannotOpen;
        f.why = "cannot examine: " + errorText(f.error);
        return f;
    }
    if (!S_ISREG(f.st.st_mode)) {
        f.problem = Problem::NotRegular;
        f.why = std::string("is ") + kindOf(f.st.st_mode) + ", not a regular file";
    }
    return f;
}

long readUpTo(int fd, std::span<char> buffer)
{
    std::size_t filled = 0;
    while (filled < buffer.size()) {
        const ssize_t n = ::read(fd, buffer.data() + filled, buffer.size() - filled);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if (n == 0)
            break;
        filled += static_cast<std::size_t>(n);
    }
    return static_cast<long>(filled);
}

FileText readRegularFile(const std::string& path, std::size_t maxBytes)
{
    OpenedFile f = openRegularFile(path);
    if (f.problem != Problem::None)
        return {{}, f.problem, std::move(f.why)};
    if (f.st.st_size > 0 && static_cast<unsigned long long>(f.st.st_size) > maxBytes)
        return {{}, Problem::TooLarge, tooLarge(maxBytes)};

    std::string text;
    text.reserve(static_cast<std::size_t>(f.st.st_size) + 1);
    char chunk[65536];
    for (;;) {
        // One byte more than allowed tells a file at the cap from a larger one.
        const std::size_t wanted = std::min(sizeof chunk, maxBytes + 1 - text.size());
        const long n = readUpTo(f.fd.get(), std::span<char>(chunk, wanted));
        if (n < 0)
            return {{}, Problem::ReadFailed, "cannot read: " + errorText(static_cast<int>(-n))};
        text.append(chunk, static_cast<std::size_t>(n));
        if (text.size() > maxBytes)
            return {{}, Problem::TooLarge, tooLarge(maxBytes)};
        if (static_cast<std::size_t>(n) < wanted)
            break;  // end of file
    }
    return {std::move(text), Problem::None, {}};
}

std::string describeSize(std::size_t bytes)
{
    constexpr std::size_t kKiB = 1024;
    constexpr std::size_t kMiB = 1024 * kKiB;
    if (bytes >= kMiB && bytes % kMiB == 0)
        return std::to_string(bytes / kMiB) + " MiB";
    if (bytes >= kKiB && bytes % kKiB == 0)
        return std::to_string(bytes / kKiB) + " KiB";
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

} // namespace pgm::files
