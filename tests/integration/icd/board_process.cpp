#include "board_process.hpp"

#include "child_process.hpp"
#include "test_frames.hpp"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace icd::test {

namespace {

constexpr auto kStopTimeout = std::chrono::seconds(10);
constexpr const char* kKeyHex = "8d2f0c61a3b94e7f5c10d2e8a7b6c5d4e3f201928374655647382910a1b2c3d4";

void writeFile(const std::string& path, const std::string& text, mode_t mode)
{
    std::ofstream(path) << text;
    chmod(path.c_str(), mode);
}

std::vector<std::string> linesOf(const std::string& path)
{
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

} // namespace

BoardProcess::BoardProcess(const std::string& device, const std::string& hostTimings, const std::string& boardLines)
    : key_(Key::fromBytes(bytesFromHex(kKeyHex)).value())
{
    char tmpl[] = "/tmp/pgm-icd-test-XXXXXX";
    if (mkdtemp(tmpl) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;

    writeFile(dir_ + "/node-a.key", std::string(kKeyHex) + "\n", 0600);
    writeFile(dir_ + "/relay", "#!/bin/sh\n"
                               "echo \"$1\" >> '" + dir_ + "/relay.log'\n"
                               "case \"$1\" in\n"
                               "  on|off) echo \"$1\" > '" + dir_ + "/relay.state' ;;\n"
                               "  status) [ \"$(cat '" + dir_ + "/relay.state' 2>/dev/null)\" = off ] && exit 2; exit 0 ;;\n"
                               "esac\n", 0700);
    writeFile(dir_ + "/pgm-icd.conf", "[Board]\nStateDirectory=" + dir_ + "/state\n" + boardLines + "\n"
                                      "[Host.node-a]\nHostId=7\nDevice=" + device + "\n"
                                      "KeyFile=" + dir_ + "/node-a.key\nRelayCommand=" + dir_ + "/relay\n" +
                                      hostTimings, 0644);
}

BoardProcess::~BoardProcess()
{
    if (pid_ > 0)
        stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

void BoardProcess::start(const std::vector<std::string>& extraArgs)
{
    std::vector<std::string> args{PGM_ICD_PATH, "--config=" + dir_ + "/pgm-icd.conf"};
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    // Not under the test's service manager, whatever started the test.
    std::vector<char*> envp;
    for (char** e = environ; *e != nullptr; ++e)
        if (std::strncmp(*e, "NOTIFY_SOCKET=", 14) != 0)
            envp.push_back(*e);
    envp.push_back(nullptr);
    const int log = open((dir_ + "/pgm-icd.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

    pid_ = fork();
    if (pid_ < 0)
        throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        // Only async-signal-safe calls here: the test process has threads.
        if (dup2(log, STDOUT_FILENO) < 0 || dup2(log, STDERR_FILENO) < 0)
            _exit(126);
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    close(log);
}

int BoardProcess::stop()
{
    if (pid_ <= 0)
        return -1;
    kill(pid_, SIGTERM);
    const int status = pgmd::test::reap(pid_, std::chrono::duration_cast<std::chrono::milliseconds>(kStopTimeout));
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> BoardProcess::relayCalls() const
{
    return linesOf(dir_ + "/relay.log");
}

std::vector<std::string> BoardProcess::relaySwitches() const
{
    std::vector<std::string> out;
    for (const std::string& call : relayCalls())
        if (call != "status")
            out.push_back(call);
    return out;
}

std::string BoardProcess::log() const
{
    std::ifstream in(dir_ + "/pgm-icd.log");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace icd::test
