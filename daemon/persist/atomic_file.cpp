#include "atomic_file.hpp"

#include "files/unique_fd.hpp"

#include <cerrno>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pgmd {
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

void writeDurably(const std::string& path, std::string_view content)
{
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0)
        throwErrno(errno, "create", path);
    // From here on the file is ours; remove it if anything below fails.
    try {
        writeAll(fd.get(), content, path);
        if (::fsync(fd.get()) < 0)
            throwErrno(errno, "fsync", path);
        if (fd.close() < 0)
            throwErrno(errno, "close", path);
    } catch (...) {
        ::unlink(path.c_str());
        throw;
    }
}

void syncDirectory(const std::string& dir)
{
    UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0)
        throwErrno(errno, "open directory", dir);
    if (::fsync(fd.get()) < 0)
        throwErrno(errno, "fsync directory", dir);
}

} // namespace

void replaceFileAtomically(const std::string& path, std::string_view content)
{
    const std::string tmp = path + ".tmp";
    writeDurably(tmp, content);
    if (::rename(tmp.c_str(), path.c_str()) < 0) {
        int error = errno;
        ::unlink(tmp.c_str());
        throwErrno(error, "rename " + tmp + " to", path);
    }
    std::string dir = std::filesystem::path(path).parent_path().string();
    syncDirectory(dir.empty() ? "." : dir);
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

} // namespace pgmd
