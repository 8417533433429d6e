#include "scenario.hpp"

#include "config_lines.hpp"
#include "words.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace pgmd::scenario {

namespace {

struct Line {
    int number;
    std::vector<std::string> words;
};

// Verbs that belong to no node: the link's and the clock's.
bool isNodeless(const std::string& verb)
{
    return verb == "wait" || verb == "link-down" || verb == "link-up";
}

std::vector<Line> meaningfulLines(const std::string& text)
{
    std::vector<Line> out;
    std::istringstream in(text);
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        line = line.substr(0, line.find('#'));
        auto words = splitWords(line);
        if (!words.empty())
            out.push_back({number, std::move(words)});
    }
    return out;
}

bool isNode(const Scenario& s, const std::string& name)
{
    return std::any_of(s.nodes.begin(), s.nodes.end(), [&](const NodeDecl& n) { return n.name == name; });
}

Event parseEvent(const Scenario& s, const Line& l)
{
    const auto& w = l.words;
    if (w[0] != "at" || w.size() < 3)
        throw std::runtime_error("a script line is: at TIME [NODE] VERB ARGS...");
    Event e;
    e.at = parseDuration(w[1]);
    e.line = l.number;
    std::size_t verb = 2;
    if (isNode(s, w[2])) {
        e.node = w[2];
        verb = 3;
    } else if (s.nodes.size() == 1 && !isNodeless(w[2])) {
        e.node = s.nodes.front().name;
    }
    if (verb >= w.size())
        throw std::runtime_error("no verb");
    if (e.node.empty() && !isNodeless(w[verb]))
        throw std::runtime_error("'" + w[verb] + "' needs a node name with several nodes");
    e.words.assign(w.begin() + static_cast<long>(verb), w.end());
    return e;
}

// cpg [delay D] [token D] [two-node yes|no] [fence-delay D]
void applyRingLine(Scenario& s, const std::vector<std::string>& w)
{
    if (w.size() % 2 == 0)
        throw std::runtime_error("cpg settings come as NAME VALUE pairs");
    for (std::size_t i = 1; i + 1 < w.size(); i += 2) {
        if (w[i] == "delay")
            s.ring.delay = parseDuration(w[i + 1]);
        else if (w[i] == "token")
            s.ring.token = parseDuration(w[i + 1]);
        else if (w[i] == "two-node")
            s.ring.twoNode = w[i + 1] == "yes";
        else if (w[i] == "fence-delay")
            s.fenceDelay = parseDuration(w[i + 1]);
        else
            throw std::runtime_error("no cpg setting " + w[i]);
    }
}

// board [version new|old] [timeout D] [race-window D] [off-delay D] [delay D]
void applyBoardLine(Scenario& s, const std::vector<std::string>& w)
{
    if (w.size() % 2 == 0)
        throw std::runtime_error("board settings come as NAME VALUE pairs");
    s.board.present = true;
    for (std::size_t i = 1; i + 1 < w.size(); i += 2) {
        if (w[i] == "version" && (w[i + 1] == "new" || w[i + 1] == "old"))
            s.board.old = w[i + 1] == "old";
        else if (w[i] == "timeout")
            s.board.timeout = parseDuration(w[i + 1]);
        else if (w[i] == "race-window")
            s.board.raceWindow = parseDuration(w[i + 1]);
        else if (w[i] == "off-delay")
            s.board.offDelay = parseDuration(w[i + 1]);
        else if (w[i] == "delay")
            s.board.delay = parseDuration(w[i + 1]);
        else
            throw std::runtime_error("no board setting " + w[i] + " " + w[i + 1]);
    }
}

// Runs `parse`, naming the line in any error it throws.
template <typename Parse> void atLine(int number, Parse parse)
{
    try {
        parse();
    } catch (const std::exception& e) {
        throw std::runtime_error("line " + std::to_string(number) + ": " + e.what());
    }
}

} // namespace

Scenario parseScenario(const std::string& text)
{
    Scenario s;
    std::vector<Line> shared;                       // before the first "node": every node's
    std::vector<std::pair<std::string, Line>> own;  // after "node NAME": that node's
    std::vector<Line> script;
    bool inScript = false;
    for (const Line& l : meaningfulLines(text)) {
        atLine(l.number, [&] {
            if (inScript) {
                script.push_back(l);
            } else if (l.words[0] == "script") {
                inScript = true;
            } else if (l.words[0] == "node" && l.words.size() == 2) {
                s.nodes.push_back({l.words[1], defaultConfig(l.words[1])});
            } else if (l.words[0] == "link" && (l.words.size() == 3 || l.words.size() == 5)) {
                LinkDecl link{l.words[1], l.words[2]};
                if (l.words.size() == 5 && l.words[3] == "delay")
                    link.delay = parseDuration(l.words[4]);
                s.links.push_back(link);
            } else if (l.words[0] == "expect-dual-active") {
                if (l.words.size() < 2)
                    throw std::runtime_error("expect-dual-active needs the reason the fence cannot be trusted");
                std::vector<std::string> why(l.words.begin() + 1, l.words.end());
                for (const std::string& word : why)
                    s.dualActiveExpected += (s.dualActiveExpected.empty() ? "" : " ") + word;
            } else if (l.words[0] == "cpg") {
                applyRingLine(s, l.words);
            } else if (l.words[0] == "board") {
                applyBoardLine(s, l.words);
            } else if (s.nodes.empty()) {
                shared.push_back(l);
            } else {
                own.emplace_back(s.nodes.back().name, l);
            }
        });
    }
    if (s.nodes.empty())
        s.nodes.push_back({"node-a", defaultConfig("node-a")});
    auto apply = [](Config& c, const Line& l) {
        atLine(l.number, [&] {
            if (!applyConfigLine(c, l.words))
                throw std::runtime_error("unknown configuration keyword '" + l.words[0] + "'");
        });
    };
    for (NodeDecl& n : s.nodes) {
        for (const Line& l : shared)
            apply(n.config, l);
        for (const auto& [name, l] : own)
            if (name == n.name)
                apply(n.config, l);
        finishConfig(n.config);
    }
    for (const Line& l : script) {
        atLine(l.number, [&] {
            Event e = parseEvent(s, l);
            if (!s.events.empty() && e.at < s.events.back().at)
                throw std::runtime_error("time goes backwards");
            s.events.push_back(std::move(e));
        });
    }
    return s;
}

} // namespace pgmd::scenario
