#include "common/ini/ini_file.hpp"

#include "common/files/regular_file.hpp"
#include "common/text/utf8.hpp"

#include <ini.h>

#include <algorithm>

namespace pgm {

namespace {

std::string_view trim(std::string_view s)
{
    auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

// The lines inih will see: each physical line trimmed, or blank when it is a
// comment or malformed. Trimming matters: inih treats an indented line as the
// continuation of the previous value, which systemd-style files do not have.
struct Prescan {
    std::vector<std::string> lines;
    std::vector<IniSection> sections;
};

std::string_view syntaxProblem(std::string_view line)
{
    if (line.find('\0') != std::string_view::npos)
        return "line contains a NUL byte";
    // Values end up in D-Bus strings, which must be UTF-8: refuse anything else here.
    if (!pgm::text::isValidUtf8(line))
        return "line is not valid UTF-8";
    // inih would read a ';' after whitespace as the start of a comment, so
    // none may appear before the value.
    if (line.front() == '[') {
        if (line.size() < 3 || line.back() != ']' || line.find_first_of("[];", 1) != line.size() - 1)
            return "malformed section header (expected [Name])";
        return {};
    }
    // inih also splits at ':', so a ':' before the first '=' would silently
    // make a different key.
    auto sep = line.find_first_of("=:");
    if (sep == std::string_view::npos || line[sep] == ':')
        return "expected Key=value, [Section] or a comment";
    std::string_view key = trim(line.substr(0, sep));
    if (key.empty())
        return "missing key before '='";
    if (key.find(';') != std::string_view::npos)
        return "malformed key";
    return {};
}

Prescan prescan(const std::string& file, std::string_view text, ConfigErrors& errors)
{
    constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
    if (text.starts_with(kByteOrderMark))
        text.remove_prefix(kByteOrderMark.size());

    Prescan out;
    unsigned lineNumber = 0;
    while (!text.empty()) {
        auto end = text.find('\n');
        std::string_view raw = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        ++lineNumber;

        std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') {
            out.lines.emplace_back();
            continue;
        }
        if (auto problem = syntaxProblem(line); !problem.empty()) {
            errors.push_back({file, lineNumber, "", std::string(problem)});
            out.lines.emplace_back();
            continue;
        }
        if (line.front() == '[')
            out.sections.push_back({std::string(line.substr(1, line.size() - 2)), lineNumber});
        out.lines.emplace_back(line);
    }
    return out;
}

struct Feed {
    const std::string& file;
    const std::vector<std::string>& lines;
    ConfigErrors& errors;
    std::vector<IniEntry>& entries;
    std::size_t next = 0;
    unsigned currentLine = 0;
    // Tracked here rather than taken from inih, which cuts section names
    // at 49 characters.
    std::string currentSection;
};

// inih reads through this one line per call, so the line it is working on
// is always the last one handed out.
char* readLine(char* buffer, int size, void* stream)
{
    auto* feed = static_cast<Feed*>(stream);
    if (feed->next == feed->lines.size())
        return nullptr;
    std::string_view line = feed->lines[feed->next++];
    feed->currentLine = static_cast<unsigned>(feed->next);
    // inih's line buffer has a fixed size; a longer line would be split in two.
    std::size_t room = static_cast<std::size_t>(size) - 2;  // newline and NUL
    if (line.size() > room) {
        feed->errors.push_back({feed->file, feed->currentLine, "",
                                "line too long (at most " + std::to_string(room) + " characters)"});
        line = {};
    }
    if (line.starts_with('['))
        feed->currentSection = line.substr(1, line.size() - 2);
    line.copy(buffer, line.size());
    buffer[line.size()] = '\n';
    buffer[line.size() + 1] = '\0';
    return buffer;
}

int onAssignment(void* user, const char* /*section*/, const char* key, const char* value)
{
    auto* feed = static_cast<Feed*>(user);
    if (feed->currentSection.empty()) {
        feed->errors.push_back({feed->file, feed->currentLine, key, "assignment outside of any section"});
        return 1;
    }
    feed->entries.push_back({feed->currentSection, key, value, feed->currentLine});
    return 1;
}

} // namespace

IniDocument parseIni(const std::string& file, std::string_view text, ConfigErrors& errors)
{
    ConfigErrors found;
    Prescan scanned = prescan(file, text, found);
    IniDocument doc{file, std::move(scanned.sections), {}};
    Feed feed{file, scanned.lines, found, doc.entries};

    int rc = ini_parse_stream(readLine, &feed, onAssignment, &feed);
    if (rc != 0) {
        // Every line inih could object to was blanked above; if it still
        // objects, say so rather than lose it.
        unsigned line = rc > 0 ? static_cast<unsigned>(rc) : 0;
        bool known = std::any_of(found.begin(), found.end(), [&](const ConfigError& e) { return e.line == line; });
        if (!known)
            found.push_back({file, line, "", "cannot parse line"});
    }

    std::stable_sort(found.begin(), found.end(),
                     [](const ConfigError& a, const ConfigError& b) { return a.line < b.line; });
    errors.insert(errors.end(), found.begin(), found.end());
    return doc;
}

std::optional<IniDocument> readIniFile(const std::string& path, ConfigErrors& errors)
{
    pgm::files::FileText file = pgm::files::readRegularFile(path, kMaxConfigFileSize);
    if (!file.ok()) {
        errors.push_back({path, 0, "", file.why});
        return std::nullopt;
    }
    return parseIni(path, file.text, errors);
}

} // namespace pgm
