#pragma once
// The recovery keys shared by the layer sections of pgmd.conf and by group
// files: restart budgets and the activation timeout.

#include "core/model.hpp"
#include "common/ini/ini_file.hpp"
#include "common/ini/value_reader.hpp"

namespace pgmd {

struct PolicySettings {
    pgm::Setting<unsigned> processRestartBurst;
    pgm::Setting<Duration> processRestartInterval;
    pgm::Setting<unsigned> groupRestartBurst;
    pgm::Setting<Duration> groupRestartInterval;
    pgm::Setting<Duration> activationTimeout;
};

// Consumes the entry when its key is one of the policy keys; false otherwise.
bool readPolicyKey(const pgm::IniEntry&, PolicySettings&, pgm::ValueReader&);

// `base` with every given setting applied.
LayerPolicy applyPolicy(const PolicySettings&, LayerPolicy base);

// Reports problems in the file that set the values: restart bursts on the
// system layer, and a burst whose interval is zero.
void checkPolicy(const PolicySettings&, const LayerPolicy& resolved, Layer, pgm::ValueReader&);

// A burst above zero with a zero interval could never be counted. Reported at
// whichever of the two keys this file set (the interval first); nothing when it
// set neither, since the file that did will report it.
void checkBudget(const pgm::Setting<unsigned>& burst, std::string burstKey, const pgm::Setting<Duration>& interval,
                 std::string intervalKey, const Budget& resolved, pgm::ValueReader&);

inline constexpr const char* kSystemNeverRestarted =
    "system-layer groups are never restarted; their failure goes to the host";

} // namespace pgmd
