#include "throttle.hpp"

namespace pgmd {

void Throttle::submit(std::function<bool()> start, bool urgent)
{
    if (urgent)
        waiting_.push_front(std::move(start));
    else
        waiting_.push_back(std::move(start));
    pump();
}

void Throttle::release()
{
    if (inFlight_ > 0)
        --inFlight_;
    pump();
}

void Throttle::pump()
{
    // A start that fails at once reports to the listener, which may submit
    // more; those queue behind the rest instead of overtaking them.
    if (pumping_)
        return;
    pumping_ = true;
    while (inFlight_ < limit_ && !waiting_.empty()) {
        auto start = std::move(waiting_.front());
        waiting_.pop_front();
        ++inFlight_;
        bool started = false;
        try {
            started = start();
        } catch (...) {
            --inFlight_;
            pumping_ = false;
            throw;
        }
        if (!started)
            --inFlight_;
    }
    pumping_ = false;
}

} // namespace pgmd
