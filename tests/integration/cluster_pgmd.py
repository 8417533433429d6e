"""pgmd from this tree on every host of the cluster rig (cluster_rig.py), for
the tests of groups paired across computers: the rig built with pgmd's
configuration (one directory for every host, or one per host), pgmd started
host by host, one group watched over D-Bus on each host, and the check that
its halves were never active on two hosts at once.

    class MyTest(PairRigCase):
        def setUp(self):
            self.boot_pair_rig({"pgmd.conf": CONF, "groups.d/app.group": APP})
            self.start_pgmd("n1"); self.wait_states({"n1": "active"})
            self.start_pgmd("n2")
        def test_x(self):
            ...
            self.assert_never_two_active(intervals=1)
"""

import json
import queue
import subprocess
import tempfile
import threading
import time
import unittest
from contextlib import ExitStack
from pathlib import Path
from typing import Mapping

from cluster_rig import ClusterRig
from common import simple_unit
from inside_process import end_inside
from pgmd_node import (BIN_INSIDE, BUILD_DIR, CONFIG_INSIDE, GROUP_IFACE, MANAGER, SOURCE_ROOT, group_path,
                       pgmd_unit)
from sandbox import NSENTER, SANDBOX_ENV, SandboxTimeout, wait_for

HOSTS = ["n1", "n2"]
CLUSTER = ("/org/pgmd1/cluster", "org.pgmd1.Cluster")

FENCE_AGENT = SOURCE_ROOT / "tests" / "integration" / "cluster" / "fence-test-agent"
FENCE_AGENT_INSIDE = "/run/pgmd-test/fence/fence-test-agent"
FENCE_STATE_INSIDE = "/run/pgmd-fence"
FENCE_COMMAND = f"{FENCE_AGENT_INSIDE} --state-dir={FENCE_STATE_INSIDE}"

# Arrival stamps carry each host's own delivery delay (its dbus-daemon, its
# busctl, two shared cores): a hand-over a millisecond or two apart may
# arrive in either order. A real double activation lasts until something
# notices it, far longer than this.
ARRIVAL_SLACK_S = 0.1

# What the group is after its host went down with the test's SIGKILL to its
# PID 1: pgmd says nothing more, its members are gone.
HOST_DOWN = "host-down"


class StateWatch:
    """One group's states on one host, from `busctl monitor` inside its
    sandbox, two ways: GroupStateChanged stamped on arrival with
    time.monotonic() (the sandboxes share CLOCK_MONOTONIC; pgmd sends it as
    it acts), and the group's PropertiesChanged with pgmd's own
    StateChangeTimestamp (CLOCK_REALTIME, shared too; sent when pgmd is idle,
    so its arrival says little but its stamp is exact). Every other signal
    under /org/pgmd1 (PairFrozen, Failover, the cluster's properties) is kept
    for signal().

    Started before pgmd (pgmd_running=False), it has no state to begin with:
    pgmd's own signals give every state from its start on."""

    def __init__(self, rig: ClusterRig, host: str, group: str, pgmd_running: bool = True):
        self.rig, self.host, self.group, self.path = rig, host, group, group_path(group)
        self.proc = subprocess.Popen(
            [NSENTER, "-t", str(rig.sandbox(host).pid1), "-a", "--", "busctl", "--system", "monitor",
             "--json=short", "--match=type='signal',path_namespace='/org/pgmd1'"],
            env=SANDBOX_ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.lines: "queue.Queue[tuple[float, dict]]" = queue.Queue()
        self.arrivals: list[tuple[float, str]] = []  # (monotonic on arrival, state)
        self.stamped: list[tuple[int, str]] = []     # (pgmd's realtime usec, state)
        self.signals: list[dict] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._wait_listening()
        if pgmd_running:
            # What it was before the first change we see.
            state = self._get("State")
            self.arrivals.append((time.monotonic(), state))
            self.stamped.append((self._get("StateChangeTimestamp"), state))

    def _get(self, prop: str):
        out = self.rig.run(self.host, ["busctl", "--system", "--json=short", "get-property", "org.pgmd1",
                                       self.path, GROUP_IFACE, prop]).stdout
        return json.loads(out)["data"]

    def _read(self) -> None:
        for line in self.proc.stdout:
            stamp = time.monotonic()
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if msg.get("type") == "signal":
                self.lines.put((stamp, msg))

    def _wait_listening(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            self.rig.run(self.host, ["busctl", "--system", "emit", "/org/pgmd1/test", "org.pgmd1.Test", "Ping"],
                         check=False)
            try:
                _, msg = self.lines.get(timeout=0.2)
                if msg.get("member") == "Ping":
                    return
                self._take(time.monotonic(), msg)
            except queue.Empty:
                continue
        raise SandboxTimeout(f"busctl monitor on {self.host} did not start listening within 10s")

    def _take(self, stamp: float, msg: dict) -> None:
        self.signals.append(msg)
        data = msg["payload"]["data"]
        if msg.get("member") == "GroupStateChanged" and data[0] == self.group:
            self.arrivals.append((stamp, data[2]))
        elif msg.get("member") == "PropertiesChanged" and msg.get("path") == self.path:
            if data[0] == GROUP_IFACE and "State" in data[1]:
                self.stamped.append((data[1]["StateChangeTimestamp"]["data"], data[1]["State"]["data"]))

    def drain(self) -> None:
        while True:
            try:
                self._take(*self.lines.get_nowait())
            except queue.Empty:
                return

    def signal(self, member: str, predicate) -> list | None:
        """The payload of the first signal `member` that matches, or None."""
        self.drain()
        for m in self.signals:
            if m.get("member") == member and predicate(m["payload"]["data"]):
                return m["payload"]["data"]
        return None

    def cluster_changes(self, prop: str) -> list:
        """Every value of one of org.pgmd1.Cluster's properties that pgmd
        announced, in order."""
        self.drain()
        return [m["payload"]["data"][1][prop]["data"] for m in self.signals
                if m.get("member") == "PropertiesChanged" and m.get("path") == CLUSTER[0]
                and m["payload"]["data"][0] == CLUSTER[1] and prop in m["payload"]["data"][1]]

    def host_down(self) -> None:
        """The test killed this host (SIGKILL to its PID 1), so the group is
        no longer active there from now on; pgmd could not say so. Called
        once the kill returned: stamped later than the real end, which only
        makes an overlap with the next active half more likely to show."""
        self.drain()
        self.arrivals.append((time.monotonic(), HOST_DOWN))
        self.stamped.append((int(time.time() * 1e6), HOST_DOWN))

    def active_intervals(self, by_pgmd: bool) -> list[tuple[float, float]]:
        """[start, end) of each time the group was active, by pgmd's stamps
        (seconds) or by arrival; one still open ends at +inf."""
        self.drain()
        rows = [(usec / 1e6, s) for usec, s in self.stamped] if by_pgmd else self.arrivals
        out, start = [], None
        for stamp, state in sorted(rows, key=lambda r: r[0]):
            if state == "active" and start is None:
                start = stamp
            elif state != "active" and start is not None:
                out.append((start, stamp))
                start = None
        if start is not None:
            out.append((start, float("inf")))
        return out

    def close(self) -> None:
        end_inside(self.proc)
        self._reader.join(timeout=5)
        if not self._reader.is_alive():
            self.proc.stdout.close()


def overlaps(a: list[tuple[float, float]], b: list[tuple[float, float]], slack: float = 0.0) -> list:
    """Pairs of intervals that share more than `slack` seconds."""
    return [(x, y) for x in a for y in b if min(x[1], y[1]) - max(x[0], y[0]) > slack]


def write_config(directory: Path, files: Mapping[str, str]) -> Path:
    """pgmd's configuration directory: {"pgmd.conf": ..., "groups.d/x.group": ...}."""
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return directory


class PairRigCase(unittest.TestCase):
    """A test case on a two-host rig running pgmd, one paired group (GROUP)
    watched on each host in self.watch."""

    GROUP = "app"
    TOKEN_MS = 1000

    def boot_pair_rig(self, config: Mapping[str, str] | None = None,
                      per_host: Mapping[str, Mapping[str, str]] | None = None,
                      units: Mapping[str, str] | None = None, pgmd_unit_extra: str = "") -> None:
        """config: the same configuration files for every host; per_host:
        a configuration directory of its own for each host (a test edits
        them through self.config_dirs and asks pgmd to reload). The fence
        agent and its state directory (self.fence_dir) are bound on every
        host whether pgmd.conf names the agent or not."""
        self.stack = ExitStack()
        self.addCleanup(self.stack.close)
        self.watch: dict[str, StateWatch] = {}
        binary = BUILD_DIR / "daemon" / "app" / "pgmd"
        if not binary.exists():
            self.fail(f"{binary} is not built (set PGMD_BUILD_DIR)")
        self.fence_dir = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="pgmd-fence-")))
        def config_dir(files: Mapping[str, str], name: str) -> Path:
            made = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix=f"pgmd-{name}-")))
            return write_config(made, files)
        shared = None if per_host else config_dir(config, "pairs")
        self.config_dirs: dict[str, Path] = {h: shared or config_dir(per_host[h], h) for h in HOSTS}
        host_binds = {h: [(d, CONFIG_INSIDE, "ro")] for h, d in self.config_dirs.items()}
        self.rig = self.stack.enter_context(ClusterRig(
            HOSTS, token_ms=self.TOKEN_MS,
            units={"pgmd.service": pgmd_unit(extra=pgmd_unit_extra), "app.service": simple_unit("pair member"),
                   **(units or {})},
            binds=[(binary.parent, BIN_INSIDE, "ro"),
                   (FENCE_AGENT.parent, str(Path(FENCE_AGENT_INSIDE).parent), "ro"),
                   (self.fence_dir, FENCE_STATE_INSIDE, "rw")],
            host_binds=host_binds,
            dbus_policies=[SOURCE_ROOT / "dbus" / "org.pgmd1.conf"]))
        self.rig.wait_quorate()

    def start_pgmd(self, host: str, watch_first: bool = False) -> None:
        """watch_first: the watch listens before pgmd starts, so that it
        sees what pgmd says as it joins (PairFrozen at its first sync)."""
        if watch_first:
            self._watch(host, pgmd_running=False)
        self.rig.run(host, ["systemctl", "start", "pgmd.service"])
        self.wait_pgmd_answers(host)
        if not watch_first:
            self._watch(host, pgmd_running=True)

    def _watch(self, host: str, pgmd_running: bool) -> None:
        self.watch[host] = StateWatch(self.rig, host, self.GROUP, pgmd_running)
        self.addCleanup(self.watch[host].close)

    def wait_pgmd_answers(self, host: str, timeout: float = 30) -> None:
        wait_for(lambda: self.busctl(host, "call", "org.pgmd1", CLUSTER[0], "org.freedesktop.DBus.Peer",
                                     "Ping", check=False).returncode == 0,
                 timeout, f"pgmd on {host} to answer on the bus")

    def start_pair(self) -> None:
        """pgmd on n1 first: the owner is the best ready half among those the
        cluster has heard from, so two pgmds starting at once race for it
        (whichever quorate report is delivered first), with no failback."""
        self.start_pgmd("n1")
        self.wait_states({"n1": "active"})
        self.start_pgmd("n2")
        self.wait_states({"n1": "active", "n2": "standby"})
        self.wait_owners(["n1"])

    # -- D-Bus inside a host ---------------------------------------------------------

    def busctl(self, host: str, *args: str, check: bool = True):
        return self.rig.run(host, ["busctl", "--system", *args], check=check)

    def group_prop(self, host: str, name: str):
        out = self.busctl(host, "--json=short", "get-property", "org.pgmd1", group_path(self.GROUP), GROUP_IFACE,
                          name).stdout
        return json.loads(out)["data"]

    def cluster_prop(self, host: str, name: str):
        out = self.busctl(host, "--json=short", "get-property", "org.pgmd1", *CLUSTER, name).stdout
        return json.loads(out)["data"]

    def presence(self, host: str) -> dict[str, str]:
        """{node: presence} from the Nodes property on `host`."""
        return {n[0]: n[2] for n in self.cluster_prop(host, "Nodes")}

    def pair(self, host: str) -> dict | None:
        """The group's row of Pairs on `host`: owners, lead, needs fencing."""
        for group, redundancy, owners, lead, needs_fencing in self.cluster_prop(host, "Pairs"):
            if group == self.GROUP:
                return {"redundancy": redundancy, "owners": owners, "lead": lead, "needs_fencing": needs_fencing}
        return None

    def switchover(self, host: str, node: str) -> tuple[bool, str]:
        """(accepted, the D-Bus error name and message when refused)."""
        r = self.rig.run(host, ["dbus-send", "--system", "--print-reply", "--dest=org.pgmd1", CLUSTER[0],
                                f"{CLUSTER[1]}.Switchover", f"string:{self.GROUP}", f"string:{node}"], check=False)
        return r.returncode == 0, (r.stderr + r.stdout).strip()

    def wait_states(self, want: dict[str, str], timeout: float = 60) -> None:
        seen = {}

        def reached():
            for host, state in want.items():
                seen[host] = self.group_prop(host, "State")
            return seen == want
        try:
            wait_for(reached, timeout, f"{self.GROUP} to be {want}", interval=0.05)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}; it was {seen}\n{self.journals()}") from None

    def wait_until(self, predicate, timeout: float, what: str, interval: float = 0.05):
        """wait_for, with both pgmds' journals in the failure."""
        try:
            return wait_for(predicate, timeout, what, interval=interval)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}\n{self.journals()}") from None

    def journals(self) -> str:
        return "\n".join(f"--- {h} pgmd ---\n" + self.rig.sandbox(h).journal(extra_args=("-u", "pgmd", "-n", "60"))
                         for h in self.rig.running())

    def pgmd_journal(self, host: str) -> str:
        return self.rig.sandbox(host).journal(extra_args=("-u", "pgmd", "-o", "cat"))

    def owners_everywhere(self, hosts=None) -> dict[str, list]:
        return {h: self.group_prop(h, "Owners") for h in (hosts or self.rig.running())}

    def wait_owners(self, owners: list[str], hosts=None, timeout: float = 10) -> None:
        hosts = hosts or self.rig.running()
        self.wait_until(lambda: self.owners_everywhere(hosts) == {h: owners for h in hosts}, timeout,
                        f"{hosts} to agree that {owners} own {self.GROUP}")

    def kill_host(self, host: str) -> None:
        """SIGKILL to the host's PID 1, and its watch told: the group is no
        longer active there."""
        self.rig.kill(host)
        self.watch[host].host_down()

    # -- never two active halves -----------------------------------------------------------

    def assert_never_two_active(self, intervals: int) -> None:
        """By pgmd's own stamps and by arrival, over every watch: exactly
        `intervals` active intervals were recorded (the last signals may
        still be on their way), and no two of them on different hosts
        overlap."""
        watches = list(self.watch.items())
        try:
            wait_for(lambda: all(sum(len(w.active_intervals(by_pgmd)) for _, w in watches) == intervals
                                 for by_pgmd in (True, False)), 10, f"{intervals} active intervals to be recorded")
        except SandboxTimeout as error:
            seen = {h: {"by pgmd": w.active_intervals(True), "by arrival": w.active_intervals(False),
                        "stamped": w.stamped, "arrivals": w.arrivals} for h, w in watches}
            raise SandboxTimeout(f"{error}: {seen}\n{self.journals()}") from None
        for by_pgmd, slack, what in ((True, 0.0, "pgmd's StateChangeTimestamp"),
                                     (False, ARRIVAL_SLACK_S, "GroupStateChanged's arrival")):
            seen = {h: w.active_intervals(by_pgmd) for h, w in watches}
            for i, (a_host, a) in enumerate(seen.items()):
                for b_host, b in list(seen.items())[i + 1:]:
                    self.assertEqual(overlaps(a, b, slack), [],
                                     f"{self.GROUP} active on {a_host} and {b_host} at once by {what}: {seen}")
