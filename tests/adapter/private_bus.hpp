#pragma once
// A throwaway dbus-daemon on a socket in a temporary directory, so bus tests
// neither need nor touch the machine's system or session bus.

#include <string>

#include <sys/types.h>

namespace pgmd::test {

class PrivateBus {
public:
    // Starts dbus-daemon and waits (bounded) for its socket. available() is
    // false if that did not work, with the reason in whyNot().
    PrivateBus();
    ~PrivateBus();
    PrivateBus(const PrivateBus&) = delete;
    PrivateBus& operator=(const PrivateBus&) = delete;

    bool available() const { return pid_ > 0 && whyNot_.empty(); }
    const std::string& whyNot() const { return whyNot_; }
    // e.g. "unix:path=/tmp/pgmd-bus.XXXXXX/socket"
    std::string address() const { return "unix:path=" + socket_; }

private:
    std::string directory_;
    std::string socket_;
    pid_t pid_ = -1;
    std::string whyNot_;
};

} // namespace pgmd::test
