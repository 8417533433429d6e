#include "common/loop/directory_watch.hpp"

#include <cerrno>
#include <string>
#include <system_error>

#include <sys/epoll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace pgm {

namespace {

constexpr std::uint32_t kChanges = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                   IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

files::UniqueFd newInotify()
{
    files::UniqueFd fd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (fd.get() < 0)
        throw std::system_error(errno, std::generic_category(), "inotify_init1");
    return fd;
}

} // namespace

DirectoryWatch::DirectoryWatch(EventLoop& loop, std::vector<std::string> dirs, std::function<void()> onChange)
    : dirs_(std::move(dirs)), onChange_(std::move(onChange)), fd_(newInotify()),
      io_(loop.get(), fd_.get(), EPOLLIN, [this](std::uint32_t) { onReadable(); }, "directory watch")
{
    addWatches();
}

void DirectoryWatch::addWatches()
{
    for (const std::string& dir : dirs_)
        inotify_add_watch(fd_.get(), dir.c_str(), kChanges);
}

void DirectoryWatch::onReadable()
{
    // What changed does not matter, only that something did: drain it all.
    alignas(inotify_event) char buffer[4096];
    while (::read(fd_.get(), buffer, sizeof buffer) > 0) {
    }
    addWatches();  // a directory may have just appeared, or been replaced
    onChange_();
}

} // namespace pgm
