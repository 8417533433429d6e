#pragma once
// Caps how many requests to systemd are outstanding; the rest wait here and
// go out in order as earlier ones complete. Two limits of the system bus make
// this necessary when a thousand members start at once:
// - dbus-daemon refuses a connection more than 128 calls awaiting a reply
//   (max_replies_per_connection) with LimitsExceeded;
// - systemd watches the client of every pending job with a match rule on its
//   own bus connection, which may hold 512 (max_match_rules_per_connection);
//   past that systemd loses its bus connection and every call in flight fails.

#include <cstddef>
#include <deque>
#include <functional>

namespace pgmd {

class Throttle {
public:
    explicit Throttle(unsigned limit) : limit_(limit) {}

    // `start` starts one request and returns true, or returns false if it
    // could not (then it will never be released). Requests start in submit
    // order; an urgent one goes ahead of all that wait.
    void submit(std::function<bool()> start, bool urgent = false);
    // A request started through submit is complete.
    void release();

    unsigned inFlight() const { return inFlight_; }
    std::size_t waiting() const { return waiting_.size(); }

private:
    void pump();

    unsigned limit_;
    unsigned inFlight_ = 0;
    bool pumping_ = false;
    std::deque<std::function<bool()>> waiting_;
};

} // namespace pgmd
