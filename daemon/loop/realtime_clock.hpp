#pragma once
// The engine's clock: wall-clock time, so that persisted restart and reboot
// times still mean something after a reboot.

#include "core/time.hpp"

namespace pgmd {

class RealtimeClock : public Clock {
public:
    TimePoint now() const override;
};

} // namespace pgmd
