#include "fault_proxy_process.hpp"

#include "child_process.hpp"
#include "test_frames.hpp"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace icd::test {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kReadyTimeout = std::chrono::seconds(5);
constexpr auto kSignalTakenTimeout = std::chrono::seconds(2);
constexpr auto kStopTimeout = std::chrono::seconds(10);

std::string readFile(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Reads one line from `fd` within the deadline; "" if none came.
std::string readLine(int fd, Clock::time_point deadline)
{
    std::string line;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        pollfd pfd{fd, POLLIN, 0};
        if (left <= 0 || poll(&pfd, 1, static_cast<int>(left)) <= 0)
            return {};
        char c = 0;
        const ssize_t n = read(fd, &c, 1);
        if (n <= 0)
            return {};
        if (c == '\n')
            return line;
        line += c;
    }
}

// "to-board frames=N faults drop=a delay=b ..."
std::optional<ProxyDirectionSummary> parseDirection(const std::string& text, const std::string& name)
{
    std::istringstream in(text);
    std::string word;
    if (!(in >> word) || word != name || !(in >> word) || !word.starts_with("frames="))
        return std::nullopt;
    ProxyDirectionSummary out;
    out.frames = std::stoull(word.substr(7));
    if (!(in >> word) || word != "faults")
        return std::nullopt;
    while (in >> word) {
        const auto equals = word.find('=');
        if (equals == std::string::npos)
            return std::nullopt;
        out.faults[word.substr(0, equals)] = std::stoull(word.substr(equals + 1));
    }
    return out;
}

// Whether `signal` still waits in the process's shared pending set.
bool pending(pid_t pid, int signal)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("ShdPnd:"))
            return (std::stoull(line.substr(7), nullptr, 16) >> (signal - 1)) & 1u;
    return false;
}

} // namespace

std::optional<ProxySummary> parseProxySummary(const std::string& line)
{
    const std::string prefix = "icd-fault-proxy: ";
    const auto separator = line.find("; ");
    if (!line.starts_with(prefix) || separator == std::string::npos)
        return std::nullopt;
    auto toBoard = parseDirection(line.substr(prefix.size(), separator - prefix.size()), "to-board");
    auto toHost = parseDirection(line.substr(separator + 2), "to-host");
    if (!toBoard || !toHost)
        return std::nullopt;
    ProxySummary summary;
    summary.line = line;
    summary.toBoard = std::move(*toBoard);
    summary.toHost = std::move(*toHost);
    return summary;
}

FaultProxyProcess::FaultProxyProcess(const FaultProxySettings& settings)
{
    char tmpl[] = "/tmp/icd-fault-proxy-XXXXXX";
    if (mkdtemp(tmpl) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    hostLink_ = settings.hostLink.empty() ? dir_ + "/host-link" : settings.hostLink;
    boardLink_ = settings.boardLink.empty() ? dir_ + "/board-link" : settings.boardLink;
    std::vector<std::string> args{ICD_FAULT_PROXY_PATH, "--host-link", hostLink_, "--board-link", boardLink_,
                                  "--seed", std::to_string(settings.seed)};
    if (!settings.toBoard.empty())
        args.insert(args.end(), {"--to-board", settings.toBoard});
    if (!settings.toHost.empty())
        args.insert(args.end(), {"--to-host", settings.toHost});
    if (settings.log) {
        logPath_ = dir_ + "/frames.log";
        args.insert(args.end(), {"--log", logPath_});
    }
    args.insert(args.end(), settings.extraArgs.begin(), settings.extraArgs.end());
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe2 failed");
    const int err = open((dir_ + "/stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    pid_ = fork();
    if (pid_ < 0)
        throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        // Only async-signal-safe calls here: the test process may have threads.
        if (dup2(out[1], STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0)
            _exit(126);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    close(err);
    stdout_ = out[0];

    const std::string ready = readLine(stdout_, Clock::now() + kReadyTimeout);
    std::istringstream words(ready);
    std::string word, host, board;
    if (words >> word && word == "ready" && words >> host && words >> board && host.starts_with("host=") &&
        board.starts_with("board=")) {
        hostDevice_ = host.substr(5);
        boardDevice_ = board.substr(6);
        return;
    }
    const ProxySummary failed = stop(SIGKILL);
    const std::string message = "icd-fault-proxy did not start (exit status " + std::to_string(failed.exitStatus) +
                                ", stdout '" + ready + "'): " + errorOutput();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    throw std::runtime_error(message);
}

FaultProxyProcess::~FaultProxyProcess()
{
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

void FaultProxyProcess::signalAndWaitUntilTaken(int signal)
{
    if (stopped_)
        throw std::logic_error("icd-fault-proxy has stopped");
    kill(pid_, signal);
    const auto deadline = Clock::now() + kSignalTakenTimeout;
    while (pending(pid_, signal)) {
        if (Clock::now() > deadline)
            throw std::runtime_error("icd-fault-proxy did not take signal " + std::to_string(signal));
        poll(nullptr, 0, 1);
    }
}

void FaultProxyProcess::pauseFaults()
{
    signalAndWaitUntilTaken(SIGUSR1);
}

void FaultProxyProcess::resumeFaults()
{
    signalAndWaitUntilTaken(SIGUSR2);
}

std::string FaultProxyProcess::errorOutput() const
{
    return readFile(dir_ + "/stderr");
}

std::vector<LoggedFrame> FaultProxyProcess::loggedFrames() const
{
    std::vector<LoggedFrame> frames;
    std::ifstream in(logPath_);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        LoggedFrame frame;
        std::string hex, faults;
        if (!(words >> frame.monotonicNs >> frame.direction >> hex >> faults))
            continue;
        frame.bytes = bytesFromHex(hex);
        if (faults != "-") {
            std::istringstream kinds(faults);
            for (std::string kind; std::getline(kinds, kind, ',');)
                frame.faults.push_back(kind);
        }
        frames.push_back(std::move(frame));
    }
    return frames;
}

ProxySummary FaultProxyProcess::stop(int signal)
{
    if (stopped_)
        return *stopped_;
    kill(pid_, signal);
    const int status = pgmd::test::reap(pid_, std::chrono::duration_cast<std::chrono::milliseconds>(kStopTimeout));
    close(stdout_);

    ProxySummary summary;
    std::istringstream err(errorOutput());
    for (std::string line; std::getline(err, line);)
        if (auto parsed = parseProxySummary(line))
            summary = std::move(*parsed);
    summary.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    stopped_ = summary;
    return summary;
}

} // namespace icd::test
