#include "validate.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace pgmd {

namespace {

int rank(Layer l)
{
    switch (l) {
    case Layer::System: return 0;
    case Layer::Platform: return 1;
    case Layer::Application: return 2;
    }
    return 0;
}

std::map<std::string, std::size_t> indexByName(const std::vector<ParsedGroup>& groups)
{
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < groups.size(); ++i)
        index.emplace(groups[i].spec.name, i);
    return index;
}

// Depth-first search: every edge back to a group still on the search path
// closes exactly one cycle, and each such edge is met once, so each cycle is
// reported once. The message starts at the cycle's earliest group so that it
// does not depend on where the search happened to enter.
class CycleFinder {
public:
    CycleFinder(const std::vector<ParsedGroup>& groups, pgm::ConfigErrors& errors)
        : groups_(groups), index_(indexByName(groups)), state_(groups.size(), State::New), errors_(errors)
    {
    }

    void run()
    {
        for (std::size_t i = 0; i < groups_.size(); ++i)
            if (state_[i] == State::New)
                visit(i);
    }

private:
    enum class State { New, OnPath, Done };

    void visit(std::size_t i)
    {
        state_[i] = State::OnPath;
        path_.push_back(i);
        for (const auto& dep : groups_[i].spec.dependsOn) {
            auto it = index_.find(dep);
            if (it == index_.end() || it->second == i)
                continue;  // reported by checkReferences
            std::size_t j = it->second;
            if (state_[j] == State::OnPath)
                report(std::find(path_.begin(), path_.end(), j));
            else if (state_[j] == State::New)
                visit(j);
        }
        path_.pop_back();
        state_[i] = State::Done;
    }

    void report(std::vector<std::size_t>::const_iterator start)
    {
        std::vector<std::size_t> cycle(start, path_.cend());
        std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());

        std::string message = "dependency cycle: ";
        for (std::size_t n : cycle)
            message += groups_[n].spec.name + " -> ";
        message += groups_[cycle.front()].spec.name;

        const ParsedGroup& first = groups_[cycle.front()];
        const std::string& next = groups_[cycle[1]].spec.name;  // self-loops never get here
        auto pos = std::find(first.spec.dependsOn.begin(), first.spec.dependsOn.end(), next);
        unsigned line = first.source.dependsOn[static_cast<std::size_t>(pos - first.spec.dependsOn.begin())];
        errors_.push_back({first.source.file, line, "DependsOn", std::move(message)});
    }

    const std::vector<ParsedGroup>& groups_;
    std::map<std::string, std::size_t> index_;
    std::vector<State> state_;
    std::vector<std::size_t> path_;
    pgm::ConfigErrors& errors_;
};

} // namespace

void checkReferences(const std::vector<ParsedGroup>& groups, const std::vector<ResourceSpec>& resources,
                     pgm::ConfigErrors& errors)
{
    auto index = indexByName(groups);
    std::set<std::string> resourceNames;
    for (const auto& r : resources)
        resourceNames.insert(r.name);

    for (const auto& g : groups) {
        const std::string& file = g.source.file;
        for (std::size_t i = 0; i < g.spec.dependsOn.size(); ++i) {
            const std::string& dep = g.spec.dependsOn[i];
            unsigned line = g.source.dependsOn[i];
            auto it = index.find(dep);
            if (dep == g.spec.name) {
                errors.push_back({file, line, "DependsOn", "a group cannot depend on itself"});
            } else if (it == index.end()) {
                errors.push_back({file, line, "DependsOn", "unknown group '" + dep + "'"});
            } else if (const GroupSpec& other = groups[it->second].spec; rank(other.layer) > rank(g.spec.layer)) {
                errors.push_back({file, line, "DependsOn",
                                  std::string(toString(g.spec.layer)) + " group '" + g.spec.name +
                                      "' cannot depend on " + toString(other.layer) + " group '" + dep + "'"});
            } else if (g.runsHere && !groups[it->second].runsHere) {
                errors.push_back({file, line, "DependsOn",
                                  "group '" + dep + "' does not run on this node (its Nodes= does not list this "
                                  "node); group '" + g.spec.name + "' runs here and cannot depend on it"});
            }
        }
        for (std::size_t i = 0; i < g.spec.resources.size(); ++i)
            if (!resourceNames.contains(g.spec.resources[i]))
                errors.push_back({file, g.source.resources[i], "Resources",
                                  "unknown resource '" + g.spec.resources[i] + "'"});
    }
}

void checkCycles(const std::vector<ParsedGroup>& groups, pgm::ConfigErrors& errors)
{
    CycleFinder(groups, errors).run();
}

} // namespace pgmd
