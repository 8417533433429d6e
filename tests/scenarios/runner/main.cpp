// Plays every tests/scenarios/cases/*.scenario and compares its trace with
// the .expected file beside it. With --regenerate (or
// PGMD_SCENARIOS_REGENERATE=1) it writes the traces instead, for review in git.
#include "cluster.hpp"
#include "line_diff.hpp"
#include "scenario.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;
using namespace pgmd::scenario;

namespace {

std::string readFile(const fs::path& p)
{
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}

// True when the scenario's trace is as expected (or was written).
bool check(const fs::path& scenario, bool regenerate)
{
    fs::path expectedPath = scenario;
    expectedPath.replace_extension(".expected");
    const std::string name = scenario.stem().string();
    std::vector<std::string> trace;
    Scenario s;
    try {
        s = parseScenario(readFile(scenario));
        trace = Cluster(s).play(s.events);
    } catch (const std::exception& e) {
        std::cout << "ERROR " << name << ": " << scenario.string() << ": " << e.what() << "\n";
        return false;
    }
    // More active halves than a group allows is never an expected result,
    // unless the scenario declares that it makes the fence unreliable on
    // purpose (expect-dual-active); then it must happen, or the scenario no
    // longer shows what it says.
    bool dualActive = false;
    for (const std::string& l : trace)
        if (l.find(" !! ") != std::string::npos) {
            if (s.dualActiveExpected.empty()) {
                std::cout << "FAIL " << name << ": " << l << "\n";
                return false;
            }
            dualActive = true;
        }
    if (!s.dualActiveExpected.empty() && !dualActive) {
        std::cout << "FAIL " << name << ": declares expect-dual-active, and no \"!!\" line came\n";
        return false;
    }
    if (regenerate) {
        std::ofstream out(expectedPath);
        for (const std::string& l : trace)
            out << l << "\n";
        std::cout << "wrote " << expectedPath.string() << "\n";
        return true;
    }
    if (!fs::exists(expectedPath)) {
        std::cout << "FAIL " << name << ": no " << expectedPath.string() << " (regenerate to write it)\n";
        return false;
    }
    const std::string diff = unifiedDiff(lines(readFile(expectedPath)), trace, expectedPath.string(), "actual");
    if (diff.empty()) {
        std::cout << "ok   " << name << "\n";
        return true;
    }
    std::cout << "FAIL " << name << "\n" << diff;
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    bool regenerate = false;
    const char* env = std::getenv("PGMD_SCENARIOS_REGENERATE");
    if (env && std::strcmp(env, "1") == 0)
        regenerate = true;
    fs::path dir;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--regenerate") == 0)
            regenerate = true;
        else
            dir = argv[i];
    }
    if (dir.empty()) {
        std::cerr << "usage: scenario-runner [--regenerate] CASES-DIRECTORY\n";
        return 2;
    }
    std::vector<fs::path> scenarios;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".scenario")
            scenarios.push_back(entry.path());
    std::sort(scenarios.begin(), scenarios.end());
    if (scenarios.empty()) {
        std::cerr << "no scenarios in " << dir.string() << "\n";
        return 1;
    }
    int failed = 0;
    for (const fs::path& s : scenarios)
        failed += check(s, regenerate) ? 0 : 1;
    std::cout << scenarios.size() - failed << " of " << scenarios.size() << " scenarios as expected\n";
    return failed == 0 ? 0 : 1;
}
