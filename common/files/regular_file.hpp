#pragma once
// Reading a file that an operator or a crash may have replaced with anything:
// a directory, a FIFO (open or read would block for ever), a device such as
// /dev/zero (endless), or a file far too large to be what it claims. Every
// configuration and state reader of pgmd and pgm-icd reads through here, so
// all of them refuse the same things in the same words.
//
// A symbolic link is followed: operators link configuration into place, and
// the file it leads to is what gets checked.

#include "common/files/unique_fd.hpp"

#include <cstddef>
#include <span>
#include <string>

#include <sys/stat.h>

namespace pgm::files {

enum class Problem {
    None,
    Missing,     // ENOENT: for many callers the normal "not there yet"
    CannotOpen,  // any other open() or fstat() failure
    NotRegular,  // a directory, FIFO, socket or device
    TooLarge,    // more than the caller's cap
    ReadFailed,
};

// `why` says what is wrong without the path, so that callers can put the
// path where their own messages want it: "is a FIFO, not a regular file".
struct OpenedFile {
    UniqueFd fd;
    struct stat st {};
    Problem problem = Problem::None;
    int error = 0;  // errno for Missing and CannotOpen
    std::string why;
};

// open(O_RDONLY|O_NONBLOCK|O_NOCTTY|O_CLOEXEC), then fstat on the opened
// descriptor (a separate stat() could check one file and open another) and
// refuse anything but a regular file. O_NONBLOCK makes opening a FIFO return
// at once; O_NOCTTY keeps a terminal device from becoming ours.
OpenedFile openRegularFile(const std::string& path);

// Reads until `buffer` is full or the file ends; returns the bytes read.
// Throws nothing; a negative result is -errno.
long readUpTo(int fd, std::span<char> buffer);

struct FileText {
    std::string text;  // the whole file when problem is None
    Problem problem = Problem::None;
    std::string why;   // as in OpenedFile; empty when problem is None
    bool ok() const { return problem == Problem::None; }
};

// The whole of a regular file of at most maxBytes bytes. The cap is checked
// both against the size fstat reports and while reading, since a file can
// grow, and some (e.g. in /proc) report size 0.
FileText readRegularFile(const std::string& path, std::size_t maxBytes);

// "1 MiB", "512 KiB" or "100 bytes": for messages and man pages alike.
std::string describeSize(std::size_t bytes);

} // namespace pgm::files
