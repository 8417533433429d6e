#include "restart_window.hpp"

#include <algorithm>

namespace pgmd {

void RestartWindow::prune(TimePoint now)
{
    const TimePoint oldest = now - budget_.interval;
    std::erase_if(times_, [&](TimePoint t) { return t <= oldest; });
}

bool RestartWindow::allows(TimePoint now) const
{
    return countAt(now) < budget_.burst;
}

void RestartWindow::record(TimePoint now)
{
    prune(now);
    times_.push_back(now);
}

unsigned RestartWindow::countAt(TimePoint now) const
{
    const TimePoint oldest = now - budget_.interval;
    return static_cast<unsigned>(std::count_if(times_.begin(), times_.end(),
                                               [&](TimePoint t) { return t > oldest; }));
}

void RestartWindow::restore(const std::vector<TimePoint>& times, TimePoint now)
{
    times_ = times;
    std::sort(times_.begin(), times_.end());
    prune(now);
}

} // namespace pgmd
