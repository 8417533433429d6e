#include "options.hpp"

#include <charconv>
#include <string_view>

namespace example {

const char* const kUsage =
    "Usage: pgmd-example-app [OPTIONS]\n"
    "A hot-standby service that answers pgmd's activation requests.\n"
    "\n"
    "  --group NAME      the group to serve (default: $PGMD_GROUP, set by pgmd)\n"
    "  --watch GROUP     log births and deaths of GROUP (may be repeated)\n"
    "  --no-ack          log requests but never acknowledge them\n"
    "  --ack-delay MS    acknowledge MS milliseconds after the request\n"
    "  --help            show this text\n"
    "\n"
    "SIGUSR1 reports a fault with recovery restart-group.\n";

namespace {

std::chrono::milliseconds parseMilliseconds(std::string_view text)
{
    unsigned long value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty())
        throw UsageError("--ack-delay: not a number of milliseconds: '" + std::string(text) + "'");
    return std::chrono::milliseconds(value);
}

} // namespace

Options parseOptions(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string_view option = argv[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= argc)
                throw UsageError(std::string(option) + " needs a value");
            return argv[++i];
        };
        if (option == "--group")
            options.group = value();
        else if (option == "--watch")
            options.watchedGroups.emplace_back(value());
        else if (option == "--no-ack")
            options.acknowledge = false;
        else if (option == "--ack-delay")
            options.ackDelay = parseMilliseconds(value());
        else if (option == "--help")
            options.help = true;
        else
            throw UsageError("unknown option '" + std::string(option) + "'");
    }
    return options;
}

} // namespace example
