#pragma once
// Which boot this is, as the state file records it: the counters of the
// previous boot mean something else after a reboot (see Engine::restore).
// A function of its own so that the daemon is given it (tests name a boot).

#include <string>

namespace pgmd {

class SystemdClient;

// The kernel's boot id and when this systemd instance started: together they
// tell one boot from the next, also in a container whose "reboot" restarts
// only systemd. Throws sdbus::Error when systemd cannot be asked.
std::string systemBootIdentity(SystemdClient& systemd);

} // namespace pgmd
