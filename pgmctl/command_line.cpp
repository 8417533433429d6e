#include "command_line.hpp"

#include "common/ini/timespan.hpp"

#include <getopt.h>

#include <array>
#include <optional>
#include <string_view>

namespace pgmctl {

namespace {

// Values getopt_long returns for options without a short form.
enum LongOnly : int {
    kVersion = 0x100,
    kNoPager,
    kNoLegend,
    kNoColor,
    kJson,
    kForce,
    kNoBlock,
    kTimeout,
    kExitOnDisconnect,
};

constexpr const char* kShortOptions = "hql";

const std::array<option, 13> kLongOptions{{
    {"help", no_argument, nullptr, 'h'},
    {"version", no_argument, nullptr, kVersion},
    {"no-pager", no_argument, nullptr, kNoPager},
    {"no-legend", no_argument, nullptr, kNoLegend},
    {"no-color", no_argument, nullptr, kNoColor},
    {"quiet", no_argument, nullptr, 'q'},
    {"json", optional_argument, nullptr, kJson},
    {"force", no_argument, nullptr, kForce},
    {"full", no_argument, nullptr, 'l'},
    {"no-block", no_argument, nullptr, kNoBlock},
    {"timeout", required_argument, nullptr, kTimeout},
    {"exit-on-disconnect", no_argument, nullptr, kExitOnDisconnect},
    {nullptr, 0, nullptr, 0},
}};

struct JsonModeName {
    std::string_view name;
    JsonMode mode;
};

constexpr std::array kJsonModes{
    JsonModeName{"short", JsonMode::Short},
    JsonModeName{"pretty", JsonMode::Pretty},
};

// systemd's time spans; 0 waits without a limit, as TimeoutStartSec=0 does.
std::optional<std::chrono::microseconds> waitTimeout(std::string_view text)
{
    constexpr std::chrono::microseconds kWithoutLimit = std::chrono::hours(24 * 365 * 100);
    std::optional<pgm::Duration> span = pgm::parseTimespan(text);
    if (span && span->count() == 0)
        return kWithoutLimit;
    return span;
}

std::optional<JsonMode> jsonModeNamed(std::string_view name)
{
    for (const JsonModeName& m : kJsonModes)
        if (m.name == name)
            return m.mode;
    return std::nullopt;
}

// getopt_long reports every mistake as '?'. Which word it was about, and
// why, has to be worked out from optopt and the word before optind.
std::string optionError(const std::vector<char*>& argv, int next)
{
    std::string_view word = next > 0 ? argv[static_cast<std::size_t>(next - 1)] : "";
    if (word.starts_with("--")) {
        std::string_view name = word.substr(2, word.find('=') - 2);
        for (const option& o : kLongOptions)
            if (o.name != nullptr && o.name == name && o.val == optopt)
                return "Option '--" + std::string(name) +
                       (o.has_arg == required_argument ? "' needs an argument." : "' takes no argument.");
        if (optopt == 0)
            return "Unknown option '--" + std::string(name) + "'.";
    }
    return "Unknown option '-" + std::string(1, static_cast<char>(optopt)) + "'.";
}

std::string argumentCountError(const CommandSpec& spec, std::size_t given)
{
    std::string usage = "'pgmctl " + std::string(spec.name) +
                        (spec.usage.empty() ? "" : " " + std::string(spec.usage)) + "'";
    if (given < spec.minArguments)
        return "Too few arguments: expected " + usage + ".";
    if (spec.maxArguments == 0)
        return "Too many arguments: 'pgmctl " + std::string(spec.name) + "' takes no arguments.";
    return "Too many arguments: expected " + usage + ".";
}

} // namespace

ParsedCommandLine parseCommandLine(const std::vector<std::string>& words)
{
    // getopt_long permutes argv in place: hand it copies.
    std::vector<std::string> storage = words;
    std::vector<char*> argv;
    for (std::string& w : storage)
        argv.push_back(w.data());
    argv.push_back(nullptr);
    int argc = static_cast<int>(words.size());

    GlobalOptions options;
    bool help = false;
    bool version = false;

    // optind = 0 makes glibc start afresh, so parsing can run more than once.
    optind = 0;
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv.data(), kShortOptions, kLongOptions.data(), nullptr);
        if (c == -1)
            break;
        switch (c) {
        case 'h': help = true; break;
        case kVersion: version = true; break;
        case kNoPager: options.noPager = true; break;
        case kNoLegend: options.noLegend = true; break;
        case kNoColor: options.noColor = true; break;
        case 'q': options.quiet = true; break;
        case kForce: options.force = true; break;
        case 'l': options.full = true; break;
        case kNoBlock: options.noBlock = true; break;
        case kExitOnDisconnect: options.exitOnDisconnect = true; break;
        case kTimeout: {
            auto span = waitTimeout(optarg);
            if (!span)
                return UsageError{"Invalid time span '" + std::string(optarg) + "' for --timeout (e.g. 30s, 2min)."};
            options.timeout = *span;
            break;
        }
        case kJson: {
            std::string_view name = optarg != nullptr ? optarg : "short";
            auto mode = jsonModeNamed(name);
            if (!mode)
                return UsageError{"Unknown JSON mode '" + std::string(name) + "' (expected short or pretty)."};
            options.json = *mode;
            break;
        }
        default:
            return UsageError{optionError(argv, optind)};
        }
    }
    if (help)
        return InfoRequest::Help;
    if (version)
        return InfoRequest::Version;

    Invocation invocation;
    invocation.options = options;
    int next = optind;
    if (next >= argc) {
        invocation.command = &defaultCommand();
    } else {
        invocation.command = findCommand(argv[static_cast<std::size_t>(next)]);
        if (invocation.command == nullptr)
            return UsageError{"Unknown command '" + std::string(argv[static_cast<std::size_t>(next)]) + "'."};
        ++next;
    }
    for (; next < argc; ++next)
        invocation.arguments.emplace_back(argv[static_cast<std::size_t>(next)]);

    const CommandSpec& spec = *invocation.command;
    std::size_t given = invocation.arguments.size();
    if (given < spec.minArguments || given > spec.maxArguments)
        return UsageError{argumentCountError(spec, given)};
    if (options.json != JsonMode::Off && !spec.json)
        return UsageError{"'pgmctl " + std::string(spec.name) + "' has no JSON output."};
    return invocation;
}

} // namespace pgmctl
