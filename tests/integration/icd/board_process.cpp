#include "board_process.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <pty.h>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

namespace icd::test {

namespace {

constexpr auto kStopTimeout = std::chrono::seconds(10);
constexpr const char* kKeyHex = "8d2f0c61a3b94e7f5c10d2e8a7b6c5d4e3f201928374655647382910a1b2c3d4";

void writeFile(const std::string& path, const std::string& text, mode_t mode)
{
    std::ofstream(path) << text;
    chmod(path.c_str(), mode);
}

Key keyFromHex(const std::string& hex)
{
    Bytes bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        bytes.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    return Key::fromBytes(bytes).value();
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

BoardProcess::BoardProcess(const std::string& hostTimings, const std::string& boardLines)
    : key_(keyFromHex(kKeyHex))
{
    char tmpl[] = "/tmp/pgm-icd-test-XXXXXX";
    if (mkdtemp(tmpl) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    if (openpty(&master_, &slave_, nullptr, nullptr, nullptr) != 0)
        throw std::runtime_error("openpty failed");
    fcntl(master_, F_SETFL, fcntl(master_, F_GETFL) | O_NONBLOCK);
    // Raw from the start, so nothing the host sends is echoed back before
    // the daemon sets the line up; the test's own slave descriptor only keeps
    // the line open while the daemon restarts.
    termios tio{};
    tcgetattr(slave_, &tio);
    cfmakeraw(&tio);
    tcsetattr(slave_, TCSANOW, &tio);

    writeFile(dir_ + "/node-a.key", std::string(kKeyHex) + "\n", 0600);
    writeFile(dir_ + "/relay", "#!/bin/sh\n"
                               "echo \"$1\" >> '" + dir_ + "/relay.log'\n"
                               "case \"$1\" in\n"
                               "  on|off) echo \"$1\" > '" + dir_ + "/relay.state' ;;\n"
                               "  status) [ \"$(cat '" + dir_ + "/relay.state' 2>/dev/null)\" = off ] && exit 2; exit 0 ;;\n"
                               "esac\n", 0700);
    writeFile(dir_ + "/pgm-icd.conf", "[Board]\nStateDirectory=" + dir_ + "/state\n" + boardLines + "\n"
                                      "[Host.node-a]\nHostId=7\nDevice=" + std::string(ttyname(slave_)) + "\n"
                                      "KeyFile=" + dir_ + "/node-a.key\nRelayCommand=" + dir_ + "/relay\n" +
                                      hostTimings, 0644);
}

BoardProcess::~BoardProcess()
{
    if (pid_ > 0)
        stop();
    close(master_);
    close(slave_);
    std::system(("rm -rf '" + dir_ + "'").c_str());
}

void BoardProcess::start(const std::vector<std::string>& extraArgs)
{
    std::vector<std::string> args{PGM_ICD_PATH, "--config=" + dir_ + "/pgm-icd.conf"};
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    pid_ = fork();
    if (pid_ < 0)
        throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        const int log = open((dir_ + "/pgm-icd.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        dup2(log, STDOUT_FILENO);
        dup2(log, STDERR_FILENO);
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        unsetenv("NOTIFY_SOCKET");
        execv(argv[0], argv.data());
        _exit(127);
    }
}

int BoardProcess::stop()
{
    if (pid_ <= 0)
        return -1;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            break;
        }
        poll(nullptr, 0, 10);
    }
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
