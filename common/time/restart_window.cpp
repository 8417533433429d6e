#include "common/time/restart_window.hpp"

#include <algorithm>

namespace pgm {

bool RestartWindow::prune(TimePoint now)
{
    // After the wall clock stepped back, events "in the future" would count
    // for far longer than the window: they count from now instead.
    for (TimePoint& t : times_)
        t = std::min(t, now);
    const TimePoint oldest = now - budget_.interval;
    return std::erase_if(times_, [&](TimePoint t) { return t <= oldest; }) > 0;
}

std::optional<TimePoint> RestartWindow::nextExpiry() const
{
    if (times_.empty())
        return std::nullopt;
    return *std::min_element(times_.begin(), times_.end()) + budget_.interval;
}

bool RestartWindow::expire(TimePoint now)
{
    return prune(now);
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
                                               [&](TimePoint t) { return std::min(t, now) > oldest; }));
}

void RestartWindow::restore(const std::vector<TimePoint>& times, TimePoint now)
{
    times_ = times;
    std::sort(times_.begin(), times_.end());
    prune(now);
}

} // namespace pgm
