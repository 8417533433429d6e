#include "pty_link.hpp"

#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <system_error>
#include <termios.h>
#include <unistd.h>

namespace icd::test {

namespace {

void makeRaw(int fd, const std::string& what)
{
    termios tio{};
    if (tcgetattr(fd, &tio) != 0)
        throw std::system_error(errno, std::generic_category(), what + ": tcgetattr");
    cfmakeraw(&tio);
    // Reads return what is there; the proxy waits in poll(), not in read().
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &tio) != 0)
        throw std::system_error(errno, std::generic_category(), what + ": tcsetattr");
}

std::string readLink(const std::string& path)
{
    std::array<char, PATH_MAX> target{};
    const ssize_t n = readlink(path.c_str(), target.data(), target.size() - 1);
    return n < 0 ? std::string() : std::string(target.data(), static_cast<std::size_t>(n));
}

} // namespace

PtyLink::PtyLink(std::string name) : name_(std::move(name))
{
    auto fail = [this](const char* step) {
        const int error = errno;
        if (slave_ >= 0)
            close(slave_);
        if (master_ >= 0)
            close(master_);
        throw std::system_error(error, std::generic_category(), name_ + ": " + step);
    };
    // O_NOCTTY: the proxy must never get a controlling terminal from a link.
    master_ = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master_ < 0)
        fail("posix_openpt");
    if (grantpt(master_) != 0 || unlockpt(master_) != 0)
        fail("grantpt/unlockpt");
    std::array<char, 128> slaveName{};
    if (ptsname_r(master_, slaveName.data(), slaveName.size()) != 0)
        fail("ptsname_r");
    slavePath_ = slaveName.data();
    slave_ = open(slavePath_.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (slave_ < 0)
        fail("open slave");
    if (fcntl(master_, F_SETFL, fcntl(master_, F_GETFL) | O_NONBLOCK) != 0)
        fail("fcntl O_NONBLOCK");
    makeRaw(slave_, name_ + " slave " + slavePath_);
    makeRaw(master_, name_ + " master");
}

PtyLink::~PtyLink()
{
    // Someone may have put their own link there since: leave that alone.
    if (!linkPath_.empty() && readLink(linkPath_) == slavePath_)
        unlink(linkPath_.c_str());
    close(slave_);
    close(master_);
}

void PtyLink::linkAt(const std::string& path)
{
    struct stat st {};
    if (lstat(path.c_str(), &st) == 0 && !S_ISLNK(st.st_mode))
        throw std::runtime_error(name_ + ": " + path + " exists and is not a symlink; refusing to replace it");
    // A new link beside it, renamed over the old one: the path never goes missing.
    const std::string fresh = path + ".new-" + std::to_string(getpid());
    if (symlink(slavePath_.c_str(), fresh.c_str()) != 0)
        throw std::system_error(errno, std::generic_category(), name_ + ": symlink " + fresh);
    if (rename(fresh.c_str(), path.c_str()) != 0) {
        const int error = errno;
        unlink(fresh.c_str());
        throw std::system_error(error, std::generic_category(), name_ + ": rename to " + path);
    }
    linkPath_ = path;
}

} // namespace icd::test
