// The location fields would only ever name this file: leave them out.
#define SD_JOURNAL_SUPPRESS_LOCATION

#include "sink.hpp"

#include "level.hpp"

#include <cstdio>
#include <string>
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <unistd.h>
#include <vector>

namespace pgm::log {

namespace {

bool sendToJournal(const Entry& e)
{
    std::vector<std::string> lines;
    lines.reserve(e.fields.size() + 2);
    lines.push_back("MESSAGE=" + e.message);
    lines.push_back("PRIORITY=" + std::to_string(e.priority));
    for (const auto& [key, value] : e.fields)
        lines.push_back(key + "=" + value);

    std::vector<iovec> iov;
    iov.reserve(lines.size());
    for (std::string& line : lines)
        iov.push_back({line.data(), line.size()});
    return sd_journal_sendv(iov.data(), static_cast<int>(iov.size())) >= 0;
}

void writeToStderr(const Entry& e)
{
    // One call per line so that lines from several threads do not interleave.
    std::fprintf(stderr, "%s\n", stderrLine(e).c_str());
}

} // namespace

void write(const Entry& e)
{
    if (!enabled(e.priority))
        return;
    if (access(kJournalSocket, F_OK) == 0 && sendToJournal(e))
        return;
    writeToStderr(e);
}

} // namespace pgm::log
