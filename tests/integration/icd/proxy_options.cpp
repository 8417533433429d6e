#include "proxy_options.hpp"

#include <charconv>
#include <functional>
#include <map>
#include <set>

namespace icd::test {

namespace {

// Sets one option from its value; returns what is wrong with the value, or "".
using Setter = std::function<std::string(ProxyOptions&, const std::string&)>;

std::string setRates(FaultRates& rates, const std::string& value)
{
    ParsedRates parsed = parseFaultRates(value);
    if (!parsed.rates)
        return parsed.error;
    rates = *parsed.rates;
    return {};
}

std::string setPath(std::string& path, const std::string& value)
{
    if (value.empty())
        return "an empty path";
    path = value;
    return {};
}

std::string setSeed(std::uint32_t& seed, const std::string& value)
{
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seed);
    if (error != std::errc() || end != value.data() + value.size())
        return "'" + value + "' is not a number from 0 to 4294967295";
    return {};
}

const std::map<std::string, Setter>& valueOptions()
{
    static const std::map<std::string, Setter> options{
        {"--host-link", [](ProxyOptions& o, const std::string& v) { return setPath(o.hostLink, v); }},
        {"--board-link", [](ProxyOptions& o, const std::string& v) { return setPath(o.boardLink, v); }},
        {"--seed", [](ProxyOptions& o, const std::string& v) { return setSeed(o.seed, v); }},
        {"--to-board", [](ProxyOptions& o, const std::string& v) { return setRates(o.toBoard, v); }},
        {"--to-host", [](ProxyOptions& o, const std::string& v) { return setRates(o.toHost, v); }},
        {"--log", [](ProxyOptions& o, const std::string& v) { return setPath(o.logFile, v); }},
    };
    return options;
}

ParsedOptions failure(std::string message)
{
    return ParsedOptions{std::nullopt, std::move(message)};
}

} // namespace

std::string proxyUsage()
{
    return "usage: icd-fault-proxy --host-link PATH --board-link PATH [--seed N]\n"
           "                       [--to-board RATES] [--to-host RATES] [--log FILE]\n"
           "RATES: comma-separated kind=probability, kinds: " + faultKindList() + "\n";
}

ParsedOptions parseProxyOptions(const std::vector<std::string>& args)
{
    ProxyOptions options;
    std::set<std::string> given;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            options.help = true;
            return ParsedOptions{options, {}};
        }
        const std::size_t equals = arg.find('=');
        const std::string name = arg.substr(0, equals);
        const auto option = valueOptions().find(name);
        if (option == valueOptions().end())
            return failure(arg.starts_with("-") ? "unknown option " + name : "unexpected argument '" + arg + "'");
        if (!given.insert(name).second)
            return failure(name + " given twice");

        std::string value;
        if (equals != std::string::npos)
            value = arg.substr(equals + 1);
        else if (i + 1 < args.size())
            value = args[++i];
        else
            return failure(name + " needs a value");
        if (std::string problem = option->second(options, value); !problem.empty())
            return failure(name + ": " + problem);
    }
    for (const char* required : {"--host-link", "--board-link"})
        if (!given.contains(required))
            return failure(std::string("missing ") + required);
    if (options.hostLink == options.boardLink)
        return failure("--host-link and --board-link name the same path");
    return ParsedOptions{options, {}};
}

} // namespace icd::test
