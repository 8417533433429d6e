#!/usr/bin/env python3
"""A hot-standby pair across two computers, with pgmd from this tree on both
hosts of the cluster rig (sandboxed systemd + Debian's corosync each), seen
over D-Bus on both: the pair comes up active on the first node of Nodes=;
its active member killed past its budget, the other node's half becomes
active and a Failover is signalled; a switch-over back is refused while the
old half is not a ready standby and accepted once it was repaired. All the
while both nodes' group objects are watched, and their active intervals must
never overlap. A host that is lost (SIGKILL to its PID 1, as on power loss)
has its half taken over only after the survivor fenced it, through
tests/integration/cluster/fence-test-agent (which records the node off: the
test already killed it)."""

import json
import queue
import subprocess
import tempfile
import threading
import time
import unittest
from contextlib import ExitStack
from pathlib import Path

from cluster_rig import ClusterRig, require_cluster_rig
from common import simple_unit
from inside_process import end_inside
from pgmd_node import BIN_INSIDE, BUILD_DIR, CONFIG_INSIDE, GROUP_IFACE, SOURCE_ROOT, group_path, pgmd_unit
from sandbox import NSENTER, SANDBOX_ENV, SandboxTimeout, wait_for

TOKEN_MS = 1000
HOSTS = ["n1", "n2"]
GROUP = "app"
CLUSTER = ("/org/pgmd1/cluster", "org.pgmd1.Cluster")

FENCE_AGENT = SOURCE_ROOT / "tests" / "integration" / "cluster" / "fence-test-agent"
FENCE_AGENT_INSIDE = "/run/pgmd-test/fence/fence-test-agent"
FENCE_STATE_INSIDE = "/run/pgmd-fence"

PGMD_CONF = f"""[Manager]
StateDirectory=/run/pgmd-state

[Cluster]
GroupName=pgmd-pairs-test
FenceCommand={FENCE_AGENT_INSIDE} --state-dir={FENCE_STATE_INSIDE}

[Application]
ProcessRestartBurst=0
GroupRestartBurst=0
"""

APP_GROUP = f"""[Group]
Layer=application
Units=app.service
Redundancy=hot-standby
Nodes={" ".join(HOSTS)}
"""

# On each node alone: Switchover refuses it as not paired.
SOLO_GROUP = """[Group]
Layer=application
Units=solo.service
"""


class StateWatch:
    """One group's states on one host, from `busctl monitor` inside its
    sandbox, two ways: GroupStateChanged stamped on arrival with
    time.monotonic() (the sandboxes share CLOCK_MONOTONIC; pgmd sends it as
    it acts), and the group's PropertiesChanged with pgmd's own
    StateChangeTimestamp (CLOCK_REALTIME, shared too; sent when pgmd is idle,
    so its arrival says little but its stamp is exact)."""

    def __init__(self, rig: ClusterRig, host: str, group: str):
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
        self.drain()
        for m in self.signals:
            if m.get("member") == member and predicate(m["payload"]["data"]):
                return m["payload"]["data"]
        return None

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


# Arrival stamps carry each host's own delivery delay (its dbus-daemon, its
# busctl, two shared cores): a hand-over a millisecond or two apart may
# arrive in either order. A real double activation lasts until something
# notices it, far longer than this.
ARRIVAL_SLACK_S = 0.1


class PairAcrossTwoNodes(unittest.TestCase):
    def setUp(self):
        self.stack = ExitStack()
        self.addCleanup(self.stack.close)
        config_dir = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="pgmd-pairs-")))
        (config_dir / "groups.d").mkdir()
        (config_dir / "pgmd.conf").write_text(PGMD_CONF)
        self.fence_dir = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="pgmd-fence-")))
        (config_dir / "groups.d" / f"{GROUP}.group").write_text(APP_GROUP)
        (config_dir / "groups.d" / "solo.group").write_text(SOLO_GROUP)
        binary = BUILD_DIR / "daemon" / "app" / "pgmd"
        if not binary.exists():
            self.fail(f"{binary} is not built (set PGMD_BUILD_DIR)")
        self.rig = self.stack.enter_context(ClusterRig(
            HOSTS, token_ms=TOKEN_MS,
            units={"pgmd.service": pgmd_unit(), "app.service": simple_unit("pair member"),
                   "solo.service": simple_unit("unpaired member")},
            binds=[(binary.parent, BIN_INSIDE, "ro"), (config_dir, CONFIG_INSIDE, "ro"),
                   (FENCE_AGENT.parent, str(Path(FENCE_AGENT_INSIDE).parent), "ro"),
                   (self.fence_dir, FENCE_STATE_INSIDE, "rw")],
            dbus_policies=[SOURCE_ROOT / "dbus" / "org.pgmd1.conf"]))
        self.rig.wait_quorate()
        # pgmd on n1 first: the owner is the best ready half among those the
        # cluster has heard from, so two pgmds starting at once race for it
        # (whichever quorate report is delivered first), with no failback.
        self.watch = {}
        self.start_pgmd("n1")
        self.wait_states({"n1": "active"})
        self.start_pgmd("n2")

    def start_pgmd(self, host: str) -> None:
        self.rig.run(host, ["systemctl", "start", "pgmd.service"])
        wait_for(lambda: self.busctl(host, "call", "org.pgmd1", CLUSTER[0], "org.freedesktop.DBus.Peer",
                                     "Ping", check=False).returncode == 0,
                 30, f"pgmd on {host} to answer on the bus")
        self.watch[host] = StateWatch(self.rig, host, GROUP)
        self.addCleanup(self.watch[host].close)

    # -- D-Bus inside a host ---------------------------------------------------------

    def busctl(self, host: str, *args: str, check: bool = True):
        return self.rig.run(host, ["busctl", "--system", *args], check=check)

    def group_prop(self, host: str, name: str):
        out = self.busctl(host, "--json=short", "get-property", "org.pgmd1", group_path(GROUP), GROUP_IFACE,
                          name).stdout
        return json.loads(out)["data"]

    def cluster_prop(self, host: str, name: str):
        out = self.busctl(host, "--json=short", "get-property", "org.pgmd1", *CLUSTER, name).stdout
        return json.loads(out)["data"]

    def switchover(self, host: str, node: str) -> tuple[bool, str]:
        """(accepted, the D-Bus error name and message when refused)."""
        r = self.rig.run(host, ["dbus-send", "--system", "--print-reply", "--dest=org.pgmd1", CLUSTER[0],
                                f"{CLUSTER[1]}.Switchover", f"string:{GROUP}", f"string:{node}"], check=False)
        return r.returncode == 0, (r.stderr + r.stdout).strip()

    def wait_states(self, want: dict[str, str], timeout: float = 60) -> None:
        seen = {}

        def reached():
            for host, state in want.items():
                seen[host] = self.group_prop(host, "State")
            return seen == want
        try:
            wait_for(reached, timeout, f"{GROUP} to be {want}", interval=0.05)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}; it was {seen}\n{self.journals()}") from None

    def journals(self) -> str:
        return "\n".join(f"--- {h} pgmd ---\n" + self.rig.sandbox(h).journal(extra_args=("-u", "pgmd", "-n", "60"))
                         for h in self.rig.running())

    def owners_everywhere(self) -> dict[str, list]:
        return {h: self.group_prop(h, "Owners") for h in HOSTS}

    # -- the scenario ------------------------------------------------------------------

    def test_failover_then_switchover_back_never_two_active(self):
        # Up: active on the first node of Nodes= (started first), standby on
        # the other, one owner set.
        self.wait_states({"n1": "active", "n2": "standby"})
        wait_for(lambda: self.owners_everywhere() == {"n1": ["n1"], "n2": ["n1"]}, 10, "both nodes to agree n1 owns")
        for host in HOSTS:
            self.assertEqual(self.cluster_prop(host, "Connection"), "connected")
            self.assertTrue(self.cluster_prop(host, "Synced"))
            self.assertEqual(self.group_prop(host, "Redundancy"), "hot-standby")
            self.assertEqual(self.group_prop(host, "ClusterNodes"), HOSTS)
        self.assertTrue(self.group_prop("n1", "Lead"))
        self.assertFalse(self.group_prop("n2", "Lead"))
        self.assertEqual(self.group_prop("n2", "Mate"), "n1")
        wait_for(lambda: self.group_prop("n1", "Mate") == "n2" and self.group_prop("n1", "MateState") == "standby",
                 10, "n1 to see n2 as its ready standby")
        key = json.loads(self.busctl("n2", "--json=short", "call", "org.pgmd1", *CLUSTER, "GetKey", "s",
                                     GROUP).stdout)["data"]
        self.assertEqual(key[0], "n1")

        # The active member dies with no budget left: out of service on n1,
        # the half on n2 takes over.
        pid = self.rig.sandbox("n1").main_pid("app.service")
        self.assertGreater(pid, 0)
        killed_at = time.monotonic()
        self.rig.run("n1", ["kill", "-9", str(pid)])
        wait_for(lambda: self.group_prop("n2", "State") == "active", 30, "n2's half to become active",
                 interval=0.02)
        mate_active_after = time.monotonic() - killed_at
        self.wait_states({"n1": "unavailable", "n2": "active"})
        wait_for(lambda: self.owners_everywhere() == {"n1": ["n2"], "n2": ["n2"]}, 10, "both nodes to agree n2 owns")
        for host in HOSTS:
            failover = wait_for(lambda: self.watch[host].signal("Failover", lambda p: p[0] == GROUP), 10,
                                f"a Failover signal on {host}")
            self.assertEqual(failover[1:3], ["n1", "n2"])
        print(f"kill -9 of the active member -> n2's half active seen over D-Bus: {mate_active_after:.3f} s",
              flush=True)

        # No way back while n1's half is not a ready standby.
        accepted, error = self.switchover("n1", "n1")
        self.assertFalse(accepted)
        self.assertIn("org.pgmd1.Error.InvalidState", error)
        accepted, error = self.switchover("n2", "")
        self.assertFalse(accepted)
        self.assertIn("org.pgmd1.Error.InvalidState", error)

        # The operator repairs n1's half: it comes back as a standby (no failback).
        self.busctl("n1", "call", "org.pgmd1", group_path(GROUP), GROUP_IFACE, "Online")
        self.wait_states({"n1": "standby", "n2": "active"})
        wait_for(lambda: self.group_prop("n2", "Mate") == "n1" and self.group_prop("n2", "MateState") == "standby",
                 10, "n2 to see n1 as its ready standby")

        # Now the switch-over back is accepted, and the pair is back on n1.
        accepted, error = self.switchover("n1", "n1")
        self.assertTrue(accepted, error)
        self.wait_states({"n1": "active", "n2": "standby"}, timeout=30)
        wait_for(lambda: self.owners_everywhere() == {"n1": ["n1"], "n2": ["n1"]}, 10, "both nodes to agree n1 owns")

        # The other refusals of the contract.
        for group, name in (("nosuch", "org.pgmd1.Error.NoSuchGroup"), ("solo", "org.pgmd1.Error.NotPaired")):
            r = self.rig.run("n1", ["dbus-send", "--system", "--print-reply", "--dest=org.pgmd1", CLUSTER[0],
                                    f"{CLUSTER[1]}.Switchover", f"string:{group}", "string:"], check=False)
            self.assertIn(name, r.stderr + r.stdout)

        # Never two active halves, by pgmd's own stamps and by arrival; the
        # last signals may still be on their way.
        wait_for(lambda: all(sum(len(self.watch[h].active_intervals(by_pgmd)) for h in HOSTS) == 3
                             for by_pgmd in (True, False)), 10, "every active interval to be recorded")
        for by_pgmd, slack, what in ((True, 0.0, "pgmd's StateChangeTimestamp"),
                                     (False, ARRIVAL_SLACK_S, "GroupStateChanged's arrival")):
            a, b = (self.watch[h].active_intervals(by_pgmd) for h in HOSTS)
            self.assertEqual(len(a) + len(b), 3, f"active twice on n1 and once on n2 ({what}): {a} {b}")
            self.assertEqual(overlaps(a, b, slack), [], f"two active halves at once by {what}")
            gap = min(max(x[0], y[0]) - min(x[1], y[1]) for x in a for y in b)
            print(f"closest hand-over by {what}: {gap * 1000:.1f} ms (negative: overlap)", flush=True)

    def test_a_lost_host_is_fenced_before_its_half_is_taken_over(self):
        self.wait_states({"n1": "active", "n2": "standby"})
        wait_for(lambda: self.owners_everywhere() == {"n1": ["n1"], "n2": ["n1"]}, 10, "both nodes to agree n1 owns")
        killed_at = time.monotonic()
        self.rig.kill("n1")
        try:
            wait_for(lambda: self.group_prop("n2", "State") == "active", 30, "n2's half to become active",
                     interval=0.05)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}\n{self.journals()}") from None
        took = time.monotonic() - killed_at
        calls = (self.fence_dir / "calls").read_text().split("\n")
        self.assertIn("off n1", calls)
        self.assertIn("status n1", calls)
        self.assertEqual(self.group_prop("n2", "Owners"), ["n2"])
        failover = wait_for(lambda: self.watch["n2"].signal("Failover", lambda p: p[0] == GROUP), 10,
                            "a Failover signal on n2")
        self.assertEqual(failover[1:3], ["n1", "n2"])
        nodes = {n[0]: n[2] for n in self.cluster_prop("n2", "Nodes")}
        self.assertEqual(nodes.get("n1"), "fenced")
        print(f"host n1 killed -> fenced -> n2's half active seen over D-Bus: {took:.3f} s "
              f"(token {TOKEN_MS} ms)", flush=True)


if __name__ == "__main__":
    require_cluster_rig()
    unittest.main(verbosity=2)
