#pragma once
// A valid pgm-icd configuration with one host, for tests that need one.

namespace icd::daemon::test {

inline constexpr const char* kGoodIcdConfig = R"([Board]
StateDirectory=/var/lib/pgm-icd-test

[Host.node-a]
HostId=1
Device=/dev/ttyS1
KeyFile=/etc/pgm-icd/node-a.key
HeartbeatTimeout=2s
BootGrace=3s
OffTime=1s
CycleBurst=2
CycleInterval=1min
RelayCommand=/usr/sbin/fence-switch --port 1
RelayTimeout=2s
)";

} // namespace icd::daemon::test
