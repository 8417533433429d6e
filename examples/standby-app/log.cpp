#include "log.hpp"

#include <cstdio>
#include <cstdlib>
#include <systemd/sd-daemon.h>
#include <sys/stat.h>
#include <unistd.h>

namespace example {
namespace {

// systemd sets JOURNAL_STREAM to the device and inode of the stream it
// connected; only when stderr is still that stream does the journal read a
// "<N>" priority prefix. On a terminal the prefix would be noise.
bool stderrIsJournal()
{
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (stream == nullptr)
        return false;
    unsigned long long device = 0, inode = 0;
    if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2)
        return false;
    struct stat st {};
    if (fstat(STDERR_FILENO, &st) < 0)
        return false;
    return st.st_dev == device && st.st_ino == inode;
}

const char* journalPrefix(Level level)
{
    switch (level) {
    case Level::Error:
        return SD_ERR;
    case Level::Warning:
        return SD_WARNING;
    case Level::Info:
        return SD_INFO;
    }
    return SD_INFO;
}

} // namespace

void log(Level level, const std::string& line)
{
    static const bool toJournal = stderrIsJournal();
    std::string text = (toJournal ? journalPrefix(level) : "") + line + "\n";
    // One write per line, so that lines of concurrent writers never mix.
    [[maybe_unused]] auto written = write(STDERR_FILENO, text.data(), text.size());
}

} // namespace example
