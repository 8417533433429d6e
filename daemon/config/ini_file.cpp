#include "ini_file.hpp"

#include <ini.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace pgmd {

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

// Values end up in D-Bus strings, which must be UTF-8: refuse anything else here.
bool isValidUtf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto lead = static_cast<unsigned char>(s[i]);
        // Continuation bytes after the lead: 0 for ASCII, 1..3 for multi-byte
        // sequences; C0, C1 and F5..FF never start a valid sequence.
        std::size_t extra;
        if (lead < 0x80)
            extra = 0;
        else if (lead >= 0xC2 && lead <= 0xDF)
            extra = 1;
        else if (lead >= 0xE0 && lead <= 0xEF)
            extra = 2;
        else if (lead >= 0xF0 && lead <= 0xF4)
            extra = 3;
        else
            return false;
        if (i + extra >= s.size() && extra > 0)
            return false;
        std::uint32_t cp = lead & (0x7F >> extra);
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(s[i + k]);
            if ((next & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (next & 0x3F);
        }
        const bool overlong = (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += extra + 1;
    }
    return true;
}

std::string_view syntaxProblem(std::string_view line)
{
    if (line.find('\0') != std::string_view::npos)
        return "line contains a NUL byte";
    if (!isValidUtf8(line))
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
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "re"), std::fclose);
    std::string text;
    int error = 0;
    if (!f) {
        error = errno;
    } else {
        char chunk[4096];
        std::size_t n;
        while ((n = std::fread(chunk, 1, sizeof chunk, f.get())) > 0)
            text.append(chunk, n);
        if (std::ferror(f.get()))
            error = errno;
    }
    if (error != 0) {
        errors.push_back({path, 0, "", std::string("cannot read: ") + std::strerror(error)});
        return std::nullopt;
    }
    return parseIni(path, text, errors);
}

} // namespace pgmd
