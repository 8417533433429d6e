#pragma once
// Tells the loop when files in some directories change (inotify), so that a
// change is noticed when it happens instead of by looking again and again.

#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"

#include "common/files/unique_fd.hpp"

#include <functional>
#include <string>
#include <vector>

namespace pgm {

class DirectoryWatch {
public:
    // Calls onChange from the loop whenever an entry of one of `dirs` is
    // written, created, removed, renamed or changes mode. A directory that
    // does not exist yet is watched once it appears as an entry of another
    // watched directory (groups.d inside the configuration directory).
    // Throws std::system_error if inotify cannot be set up.
    DirectoryWatch(EventLoop& loop, std::vector<std::string> dirs, std::function<void()> onChange);
    DirectoryWatch(const DirectoryWatch&) = delete;
    DirectoryWatch& operator=(const DirectoryWatch&) = delete;

private:
    void onReadable();
    // Adding a watch again is harmless; directories that are missing are skipped.
    void addWatches();

    std::vector<std::string> dirs_;
    std::function<void()> onChange_;
    files::UniqueFd fd_;
    IoWatch io_;
};

} // namespace pgm
