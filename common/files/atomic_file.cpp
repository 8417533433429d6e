#include "common/files/atomic_file.hpp"

#include "common/files/unique_fd.hpp"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pgm {
namespace {

[[noreturn]] void throwErrno(int error, const std::string& step, const std::string& path)
{
    throw std::system_error(error, std::generic_category(), step + " " + path);
}

using pgm::files::UniqueFd;

void writeAll(int fd, std::string_view data, const std::string& path)
{
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throwErrno(errno, "write", path);
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

} // namespace

void writeNewFile(const std::string& path, std::string_view content, Durability durability)
{
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0)
        throwErrno(errno, "create", path);
    // From here on the file is ours; remove it if anything below fails.
    try {
        writeAll(fd.get(), content, path);
        if (durability == Durability::Synced && ::fsync(fd.get()) < 0)
            throwErrno(errno, "fsync", path);
        if (fd.close() < 0)
            throwErrno(errno, "close", path);
    } catch (...) {
        ::unlink(path.c_str());
        throw;
    }
}

namespace {

void syncDirectory(const std::string& dir)
{
    UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0)
        throwErrno(errno, "open directory", dir);
    if (::fsync(fd.get()) < 0)
        throwErrno(errno, "fsync directory", dir);
}

std::string parentOf(const std::string& path)
{
    std::string dir = std::filesystem::path(path).parent_path().string();
    return dir.empty() ? "." : dir;
}

} // namespace

void renameOver(const std::string& from, const std::string& to)
{
    if (::rename(from.c_str(), to.c_str()) < 0) {
        int error = errno;
        ::unlink(from.c_str());
        throwErrno(error, "rename " + from + " to", to);
    }
}

void syncParentDirectory(const std::string& path)
{
    syncDirectory(parentOf(path));
}

void replaceFileAtomically(const std::string& path, std::string_view content)
{
    const std::string tmp = path + ".tmp";
    writeNewFile(tmp, content, Durability::Synced);
    renameOver(tmp, path);
    syncParentDirectory(path);
}

void replaceDirectoryAtomically(const std::string& staged, const std::string& path)
{
    // rename(2) cannot replace a directory that has entries; exchanging the
    // two names is one step, after which the old tree sits at `staged`.
    if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) < 0) {
        if (errno != ENOENT)
            throwErrno(errno, "exchange " + staged + " with", path);
        if (::rename(staged.c_str(), path.c_str()) < 0)
            throwErrno(errno, "rename " + staged + " to", path);
    }
    syncDirectory(parentOf(path));
    std::error_code ignored;  // a leftover is removed by the next call's staging
    std::filesystem::remove_all(staged, ignored);
}

void makeDirectories(const std::string& path, unsigned mode)
{
    std::filesystem::path full(path);
    std::filesystem::path partial;
    for (const auto& part : full) {
        partial /= part;
        // EEXIST may hide a regular file; the next mkdir or the final
        // check below then reports it.
        if (::mkdir(partial.c_str(), static_cast<mode_t>(mode)) < 0 && errno != EEXIST)
            throwErrno(errno, "create directory", partial.string());
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) < 0)
        throwErrno(errno, "create directory", path);
    if (!S_ISDIR(st.st_mode))
        throwErrno(ENOTDIR, "create directory", path);
}

} // namespace pgm
