#pragma once
// Turns the text of one assignment into a typed value, reporting what is wrong
// with it at the assignment's file, line and key.

#include "common/ini/config_error.hpp"
#include "common/time/time.hpp"
#include "common/ini/ini_file.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

// A value given in a file, with the line it came from (0: not given).
template <class T>
struct Setting {
    std::optional<T> value;
    unsigned line = 0;
    // Also true when the value was invalid (and reported): a check for a
    // missing key then has nothing to add.
    bool written = false;

    bool given() const { return value.has_value(); }
};

// One word of a list-valued key, with the line it came from.
struct Located {
    std::string value;
    unsigned line = 0;
};

class ValueReader {
public:
    ValueReader(std::string file, ConfigErrors& errors) : file_(std::move(file)), errors_(errors) {}

    const std::string& file() const { return file_; }
    void error(unsigned line, std::string key, std::string message);
    void error(const IniEntry& e, std::string message) { error(e.line, e.key, std::move(message)); }
    void unknownSection(const IniSection& s) { error(s.line, "", "unknown section [" + s.name + "]"); }
    void unknownKey(const IniEntry& e) { error(e, "unknown key"); }

    std::optional<unsigned> count(const IniEntry&);
    // Intervals may be zero; timeouts may not.
    std::optional<Duration> timespan(const IniEntry&);
    std::optional<Duration> positiveTimespan(const IniEntry&);
    std::optional<std::uint64_t> size(const IniEntry&);
    std::optional<bool> boolean(const IniEntry&);
    std::optional<std::string> name(const IniEntry&);
    std::optional<std::string> absolutePath(const IniEntry&);
    // argv with an absolute argv[0].
    std::optional<std::vector<std::string>> command(const IniEntry&);
    // The index of the value in `allowed`.
    std::optional<std::size_t> choice(const IniEntry&, std::initializer_list<std::string_view> allowed);
    // Whitespace-separated words, each with the entry's line.
    std::vector<Located> words(const IniEntry&);

    // Empty assignments reset a key to its default, as in systemd unit files;
    // an invalid value is reported and leaves the earlier one in place.
    template <class T, class Parse>
    void assign(Setting<T>& setting, const IniEntry& e, Parse parse)
    {
        if (e.value.empty()) {
            setting = {};
            return;
        }
        setting.written = true;
        if (auto v = parse(e)) {
            setting.value = std::move(*v);
            setting.line = e.line;
        }
    }

private:
    std::string file_;
    ConfigErrors& errors_;
};

} // namespace pgm
