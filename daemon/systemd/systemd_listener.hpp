#pragma once
// What the systemd adapter reports back. Calls arrive from the event loop,
// one at a time; a listener may call the adapter again from inside them.

#include "core/engine.hpp"

#include <string>

namespace pgmd {

struct SystemdListener {
    virtual ~SystemdListener() = default;
    // A watched unit's ActiveState changed. `detail` explains it, e.g.
    // "failed (Result=signal, signal=KILL)".
    virtual void onUnitChanged(const std::string& unit, UnitActivity activity, const std::string& detail) = 0;
    // A job pgmd asked for ended; `result` is systemd's (done, canceled,
    // timeout, failed, dependency, skipped), "failed" if the call itself failed.
    virtual void onJobFinished(const std::string& unit, JobKind kind, const std::string& result) = 0;
    // A job pgmd did not ask for (an operator's systemctl restart or stop)
    // is changing a watched unit; reported before the change it causes.
    virtual void onOutsideJob(const std::string&, std::uint32_t) {}
    // That job ended with systemd's `result`, leaving the unit `activity`.
    virtual void onOutsideJobFinished(const std::string&, std::uint32_t, const std::string&, UnitActivity) {}
    // A watched unit's SubState or main PID changed (for display only).
    virtual void onUnitDetailsChanged(const std::string&) {}
    // A call to systemd failed; for the journal.
    virtual void onSystemdError(const std::string& what) = 0;
    // systemd refused to reboot the host (or could not be asked).
    virtual void onRebootRefused(const std::string& why) { onSystemdError("reboot: " + why); }
};

} // namespace pgmd
