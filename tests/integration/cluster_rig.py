"""N hosts running corosync, for integration tests of pgmd's cluster code.

Each host is a sandboxed systemd (tests/sandbox) booted in a network
namespace of its own, wired to two switches by cluster_network.py, running
Debian's corosync.service with a generated corosync.conf and a shared
authkey bound on /etc/corosync.

    require_cluster_rig()                  # exit 77 (skip) where it cannot run
    with ClusterRig(["n1", "n2"]) as rig:  # network first, then the boots
        rig.wait_quorate()                 # every running host, all members seen
        rig.kill("n2"); rig.boot("n2")     # SIGKILL to its PID 1; boot it again
        rig.cut("n1", 0); rig.restore("n1", 0)
        rig.cut_switch(0); rig.restore_switch(0)
        rig.run("n1", ["corosync-cfgtool", "-s"])

Corosync tools and clients run through the sandbox's own exec (nsenter into
all its namespaces): /dev/shm and corosync's IPC sockets are private to the
sandbox, so `ip netns exec` alone reaches no corosync (API error 12).

Boot hosts from the main thread: a sandbox's death signal follows the
thread that booted it.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from cluster_network import ClusterNetwork, sweep_stale_networks
from corosync_config import ClusterNode, corosync_conf
from sandbox import (Sandbox, SandboxError, SandboxTimeout, sandbox_unavailable_reason,
                     wait_for)

SKIP_EXIT_STATUS = 77
COROSYNC = "/usr/sbin/corosync"
COROSYNC_UNIT = "corosync.service"
# /var/log is a fresh tmpfs in a sandbox: without its directory corosync
# exits with status 7 before it logs anything useful.
COROSYNC_DROP_IN = "[Service]\nLogsDirectory=corosync\n"
CONFIG_INSIDE = "/etc/corosync"
AUTHKEY_BYTES = 256  # what corosync-keygen writes by default
# For a while after a link comes up knet is slow to declare it down again
# (measured: about 10 s), so a link fault injected sooner costs the token and
# re-forms the ring. Link-fault tests wait this long after a link came up.
KNET_SETTLE_S = 12.0


def cluster_rig_unavailable_reason() -> str | None:
    reason = sandbox_unavailable_reason()
    if reason is not None:
        return reason
    if not Path(COROSYNC).exists():
        return f"{COROSYNC} is not installed"
    if shutil.which("ip") is None:
        return "iproute2 (ip) is not installed"
    probe = f"pgmrig-{os.getpid()}-probe"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if made.returncode != 0:
        return f"cannot create a network namespace: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "delete", probe], capture_output=True)
    return None


def require_cluster_rig() -> None:
    """Exits with 77 (meson: skipped), printing the reason, where a cluster
    of sandboxes cannot be built."""
    reason = cluster_rig_unavailable_reason()
    if reason is not None:
        print(f"SKIP: cannot build a corosync cluster rig here: {reason}", flush=True)
        sys.exit(SKIP_EXIT_STATUS)


@dataclass
class QuorumView:
    """One host's `corosync-quorumtool -s`."""
    quorate: bool
    members: list[int]
    text: str


def parse_quorumtool(text: str) -> QuorumView:
    quorate = bool(re.search(r"^Quorate:\s+Yes\s*$", text, re.M))
    members = []
    table = text.split("Membership information", 1)[-1]
    for line in table.splitlines():
        fields = line.split()
        if fields and fields[0].isdigit():
            members.append(int(fields[0]))
    return QuorumView(quorate, sorted(members), text)


class ClusterRig:
    """hosts:       node names (also hostnames); node ids are 1, 2, ... in order.
    token_ms:       totem token; knet pings are shortened below 1000.
    link_mode:      knet's "passive" (priorities) or "active".
    knet_ping_ms:   (interval, timeout) of knet's pings; see corosync_config.py.
    units, start:   extra units for every host, and which of them to start.
    binds:          extra binds for every host (see Sandbox).
    host_binds:     extra binds per host name (a configuration of its own).
    dbus_policies:  extra system bus policy files for every host (see Sandbox).
    power_on:       boot every host on entry; False when something else
                    powers them (a board's machines, cluster_board.py)."""

    def __init__(self, hosts: Sequence[str] = ("n1", "n2"), token_ms: int = 1000,
                 link_mode: str = "passive", links: int = 2,
                 knet_ping_ms: tuple[int, int] | None = None,
                 units: Mapping[str, str] | None = None, start: Iterable[str] = (),
                 binds: Iterable = (), dbus_policies: Iterable = (),
                 host_binds: Mapping[str, Iterable] | None = None, power_on: bool = True):
        sweep_stale_networks()
        self.names = list(hosts)
        self.token_ms = token_ms
        self.prefix = f"pgmrig-{os.getpid()}-{id(self) % 10000}"
        self.workdir = Path(tempfile.mkdtemp(prefix=f"{self.prefix}-"))
        self.network = ClusterNetwork(self.prefix, self.names, links)
        self.nodes = [ClusterNode(name, i + 1, tuple(self.network.address(name, link)
                                                     for link in range(links)))
                      for i, name in enumerate(self.names)]
        self.sandboxes: dict[str, Sandbox] = {}
        self.boot_times: dict[str, float] = {}
        self._links_up_at = 0.0
        self._units = {"corosync.service.d/pgm-rig.conf": COROSYNC_DROP_IN, **(units or {})}
        self._start = [COROSYNC_UNIT, *start]
        self._binds = list(binds)
        self._host_binds = {name: list(b) for name, b in (host_binds or {}).items()}
        self._dbus_policies = list(dbus_policies)
        self._config = corosync_conf("pgmrig", self.nodes, token_ms, link_mode,
                                     knet_ping_ms)
        self._authkey = os.urandom(AUTHKEY_BYTES)
        self._power_on = power_on

    # -- lifecycle --------------------------------------------------------------

    def __enter__(self) -> "ClusterRig":
        try:
            self.network.build()
            for name in self.names:
                self.sandboxes[name] = self._make_sandbox(name)
            for name in self.names if self._power_on else ():
                self.boot(name)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stops every host and removes the network. Safe to call more than once."""
        for sandbox in self.sandboxes.values():
            try:
                sandbox.close()
            except SandboxError as error:
                print(f"cluster rig: {error}", file=sys.stderr)
        self.sandboxes.clear()
        self.network.destroy()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _make_sandbox(self, name: str) -> Sandbox:
        config_dir = self.workdir / name / "corosync"
        config_dir.mkdir(parents=True)
        (config_dir / "corosync.conf").write_text(self._config)
        key = config_dir / "authkey"
        key.write_bytes(self._authkey)
        key.chmod(0o400)
        return Sandbox(name, self._units, binds=[(config_dir, CONFIG_INSIDE, "ro"), *self._binds,
                                                 *self._host_binds.get(name, [])],
                       dbus_policies=self._dbus_policies,
                       netns=self.network.host_netns(name), start=self._start,
                       instance_id=f"{self.prefix}-{name}")

    def node_id(self, name: str) -> int:
        return self.names.index(name) + 1

    def sandbox(self, name: str) -> Sandbox:
        return self.sandboxes[name]

    def running(self) -> list[str]:
        """The hosts that are up and answer (not frozen)."""
        return [n for n in self.names if self.sandboxes[n].is_running and not self.sandboxes[n].is_frozen]

    def boot(self, name: str, timeout: float = 60) -> None:
        """Boots the host (again); corosync starts with it."""
        self.sandboxes[name].boot(timeout)
        self.boot_times[name] = time.monotonic()

    def kill(self, name: str) -> None:
        """SIGKILL to the host's PID 1: the host is gone at once, as on power loss."""
        self.sandboxes[name].stop()

    def cut(self, name: str, link: int) -> None:
        self.network.cut(name, link)

    def restore(self, name: str, link: int) -> None:
        self.network.restore(name, link)
        self._links_up_at = time.monotonic()

    def cut_switch(self, link: int) -> None:
        self.network.cut_switch(link)

    def restore_switch(self, link: int) -> None:
        self.network.restore_switch(link)
        self._links_up_at = time.monotonic()

    def wait_links_settled(self) -> None:
        """Until knet would notice a link fault promptly (KNET_SETTLE_S after
        the last boot or restored link): nothing observable tells it."""
        last = max([*self.boot_times.values(), self._links_up_at])
        time.sleep(max(0.0, last + KNET_SETTLE_S - time.monotonic()))

    # -- inside -------------------------------------------------------------------

    def run(self, name: str, args: Sequence[str], check: bool = True, timeout: float = 30):
        return self.sandboxes[name].run(args, check=check, timeout=timeout)

    def quorum(self, name: str) -> QuorumView | None:
        """None while corosync does not answer (starting, stopped)."""
        result = self.run(name, ["corosync-quorumtool", "-s"], check=False, timeout=10)
        # 0: quorate, 2: not quorate; anything else: no answer.
        if result.returncode not in (0, 2):
            return None
        return parse_quorumtool(result.stdout)

    def wait_quorate(self, names: Sequence[str] | None = None,
                     members: Sequence[str] | None = None, timeout: float = 30) -> None:
        """Until each of `names` (default: the running hosts) is quorate and
        sees exactly `members` (default: the running hosts)."""
        names = list(names or self.running())
        expected = sorted(self.node_id(n) for n in (members or self.running()))
        seen: dict[str, QuorumView | None] = {}

        def reached() -> bool:
            for name in names:
                seen[name] = view = self.quorum(name)
                if view is None or not view.quorate or view.members != expected:
                    return False
            return True
        try:
            wait_for(reached, timeout, f"{names} to be quorate with nodes {expected}", interval=0.1)
        except SandboxTimeout as error:
            detail = {n: (v.text if v else None) for n, v in seen.items()}
            raise SandboxTimeout(f"{error}\n{detail}\n{self.corosync_logs(names)}") from None

    def corosync_logs(self, names: Sequence[str] | None = None, lines: int = 30) -> str:
        """The tail of each running host's corosync log, for failure messages."""
        out = []
        for name in names or self.running():
            if not self.sandboxes[name].is_running:
                continue
            result = self.run(name, ["tail", "-n", str(lines), "/var/log/corosync/corosync.log"],
                              check=False)
            out.append(f"--- {name} corosync.log ---\n{result.stdout}{result.stderr}")
        return "\n".join(out)
