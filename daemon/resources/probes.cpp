#include "probes.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <sys/stat.h>
#include <sys/statvfs.h>

namespace pgmd {

namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescapeOctal(const std::string& s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool octal = s[i] == '\\' && i + 3 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])) &&
                           std::isdigit(static_cast<unsigned char>(s[i + 2])) &&
                           std::isdigit(static_cast<unsigned char>(s[i + 3]));
        if (octal) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 3), nullptr, 8));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string humanBytes(std::uint64_t b)
{
    const char* units[] = {"B", "K", "M", "G", "T"};
    int u = 0;
    double v = static_cast<double>(b);
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    std::ostringstream os;
    os.precision(v < 10 ? 2 : 0);
    os << std::fixed << v << units[u];
    return os.str();
}

} // namespace

ProbeResult probePath(const std::string& path)
{
    struct stat st {};
    if (stat(path.c_str(), &st) == 0)
        return {true, path + " exists"};
    return {false, path + ": " + std::strerror(errno)};
}

std::vector<std::string> mountPoints(const std::string& mountInfo)
{
    std::vector<std::string> out;
    std::istringstream lines(mountInfo);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string id, parent, devno, root, mountPoint;
        if (fields >> id >> parent >> devno >> root >> mountPoint)
            out.push_back(unescapeOctal(mountPoint));
    }
    return out;
}

ProbeResult probeMount(const std::string& path, const std::string& mountInfo)
{
    for (const std::string& mp : mountPoints(mountInfo))
        if (mp == path)
            return {true, path + " is mounted"};
    return {false, path + " is not a mount point"};
}

ProbeResult probeFreeSpace(const std::string& path, std::uint64_t minFreeBytes)
{
    struct statvfs vfs {};
    if (statvfs(path.c_str(), &vfs) != 0)
        return {false, path + ": " + std::strerror(errno)};
    const std::uint64_t avail = static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
    const std::string text = humanBytes(avail) + " free on " + path + " (minimum " + humanBytes(minFreeBytes) + ")";
    return {avail >= minFreeBytes, text};
}

} // namespace pgmd
