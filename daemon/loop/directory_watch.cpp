#include "directory_watch.hpp"

#include "sd_check.hpp"

#include <cerrno>
#include <exception>
#include <string>
#include <system_error>

#include <sys/epoll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace pgmd {

namespace {

constexpr std::uint32_t kChanges = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                   IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

} // namespace

DirectoryWatch::DirectoryWatch(EventLoop& loop, std::vector<std::string> dirs, std::function<void()> onChange)
    : loop_(loop), dirs_(std::move(dirs)), onChange_(std::move(onChange))
{
    fd_ = pgm::files::UniqueFd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (fd_.get() < 0)
        throw std::system_error(errno, std::generic_category(), "inotify_init1");
    throwIfNegative(sd_event_add_io(loop_.get(), &io_, fd_.get(), EPOLLIN, onReadable, this),
                    "sd_event_add_io (directory watch)");
    addWatches();
}

DirectoryWatch::~DirectoryWatch()
{
    sd_event_source_disable_unref(io_);
}

void DirectoryWatch::addWatches()
{
    for (const std::string& dir : dirs_)
        inotify_add_watch(fd_.get(), dir.c_str(), kChanges);
}

int DirectoryWatch::onReadable(sd_event_source*, int fd, std::uint32_t, void* self)
{
    auto* watch = static_cast<DirectoryWatch*>(self);
    // What changed does not matter, only that something did: drain it all.
    alignas(inotify_event) char buffer[4096];
    while (::read(fd, buffer, sizeof buffer) > 0) {
    }
    try {
        watch->addWatches();  // a directory may have just appeared, or been replaced
        watch->onChange_();
    } catch (const std::exception& e) {
        watch->loop_.fail((std::string("directory watch: ") + e.what()).c_str());
    }
    return 0;
}

} // namespace pgmd
