"""pgmd from this tree on every host of a ClusterRig, seen over D-Bus on
each host, for the integration tests of clustered groups.

    with PgmdCluster(["n1", "n2"], PGMD_CONF, {"app": APP_GROUP},
                     units={"app.service": simple_unit()}) as cluster:
        cluster.start_pgmd("n1")              # and a StateWatch per group
        cluster.wait_states("app", {"n1": "active"})
        cluster.group_prop("n2", "app", "Owners")
        cluster.wait_agreed("app")            # Synced, same Owners/Pairs/Halves

StateWatch records one group's states on one host for the never-too-many-
actives checks (max_concurrent, overlaps): the sandboxes share the host's
CLOCK_MONOTONIC and CLOCK_REALTIME, so stamps from different hosts compare.
"""

import json
import queue
import subprocess
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Mapping, Sequence

from cluster_rig import ClusterRig
from inside_process import end_inside
from pgmd_node import BIN_INSIDE, BUILD_DIR, CONFIG_INSIDE, GROUP_IFACE, SOURCE_ROOT, group_path, pgmd_unit
from sandbox import NSENTER, SANDBOX_ENV, SandboxTimeout, wait_for

CLUSTER = ("/org/pgmd1/cluster", "org.pgmd1.Cluster")

FENCE_AGENT = SOURCE_ROOT / "tests" / "integration" / "cluster" / "fence-test-agent"
FENCE_AGENT_INSIDE = "/run/pgmd-test/fence/fence-test-agent"
FENCE_STATE_INSIDE = "/run/pgmd-fence"
# A [Cluster] FenceCommand= for the rig: the agent records the node off (the
# test already killed it) in PgmdCluster.fence_dir.
FENCE_COMMAND = f"{FENCE_AGENT_INSIDE} --state-dir={FENCE_STATE_INSIDE}"

# Arrival stamps carry each host's own delivery delay (its dbus-daemon, its
# busctl, two shared cores): a hand-over a millisecond or two apart may
# arrive in either order. A real double activation lasts until something
# notices it, far longer than this.
ARRIVAL_SLACK_S = 0.1


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

    def changed(self, prop: str) -> list:
        """Every value the group's PropertiesChanged gave `prop`, in order."""
        self.drain()
        out = []
        for m in self.signals:
            data = m["payload"]["data"]
            if (m.get("member") == "PropertiesChanged" and m.get("path") == self.path
                    and data[0] == GROUP_IFACE and prop in data[1]):
                out.append(data[1][prop]["data"])
        return out

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


def max_concurrent(intervals: Sequence[Sequence[tuple[float, float]]], slack: float = 0.0) -> tuple[int, float]:
    """The most intervals (one list per host) open at one moment, and the
    first moment it was reached. Each interval is cut short by `slack`, so
    a hand-over whose two ends arrive up to `slack` apart counts once."""
    events = []
    for host_intervals in intervals:
        for start, end in host_intervals:
            end -= slack
            if end > start:
                # At one stamp an end goes before a start: a hand-over at
                # the same microsecond is not two at once.
                events += [(start, 1), (end, -1)]
    most, at, now = 0, 0.0, 0
    for stamp, step in sorted(events):
        now += step
        if now > most:
            most, at = now, stamp
    return most, at


class PgmdCluster:
    """A ClusterRig whose hosts run pgmd from this tree (pgmd.service, not
    started: start_pgmd) with one configuration directory for all of them.

    groups:  name -> text of groups.d/NAME.group.
    units:   the groups' units, on every host.
    fence:   bind the fence test agent (FENCE_COMMAND) and its state dir."""

    def __init__(self, hosts: Sequence[str], pgmd_conf: str, groups: Mapping[str, str],
                 units: Mapping[str, str], token_ms: int = 1000, fence: bool = False):
        self.hosts = list(hosts)
        self.groups = list(groups)
        self.watches: dict[tuple[str, str], StateWatch] = {}
        self.fence_dir: Path | None = None
        self._stack = ExitStack()
        try:
            config_dir = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="pgmd-cluster-")))
            (config_dir / "groups.d").mkdir()
            (config_dir / "pgmd.conf").write_text(pgmd_conf)
            for name, text in groups.items():
                (config_dir / "groups.d" / f"{name}.group").write_text(text)
            binary = BUILD_DIR / "daemon" / "app" / "pgmd"
            if not binary.exists():
                raise FileNotFoundError(f"{binary} is not built (set PGMD_BUILD_DIR)")
            binds = [(binary.parent, BIN_INSIDE, "ro"), (config_dir, CONFIG_INSIDE, "ro")]
            if fence:
                self.fence_dir = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="pgmd-fence-")))
                binds += [(FENCE_AGENT.parent, str(Path(FENCE_AGENT_INSIDE).parent), "ro"),
                          (self.fence_dir, FENCE_STATE_INSIDE, "rw")]
            self.rig = ClusterRig(self.hosts, token_ms=token_ms,
                                  units={"pgmd.service": pgmd_unit(), **units}, binds=binds,
                                  dbus_policies=[SOURCE_ROOT / "dbus" / "org.pgmd1.conf"])
        except BaseException:
            self._stack.close()
            raise

    def __enter__(self) -> "PgmdCluster":
        try:
            self._stack.enter_context(self.rig)
            self.rig.wait_quorate()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for watch in self.watches.values():
            watch.close()
        self.watches.clear()
        self._stack.close()

    def start_pgmd(self, host: str, watch: Sequence[str] | None = None) -> None:
        """Starts pgmd on the host and, once it answers, watches the groups
        named in `watch` there (default: every group)."""
        self.rig.run(host, ["systemctl", "start", "pgmd.service"])
        wait_for(lambda: self.busctl(host, "call", "org.pgmd1", CLUSTER[0], "org.freedesktop.DBus.Peer",
                                     "Ping", check=False).returncode == 0,
                 30, f"pgmd on {host} to answer on the bus")
        for group in self.groups if watch is None else watch:
            self.watches[(host, group)] = StateWatch(self.rig, host, group)

    def watch(self, host: str, group: str) -> StateWatch:
        return self.watches[(host, group)]

    # -- D-Bus inside a host ---------------------------------------------------------

    def busctl(self, host: str, *args: str, check: bool = True):
        return self.rig.run(host, ["busctl", "--system", *args], check=check)

    def group_prop(self, host: str, group: str, name: str):
        out = self.busctl(host, "--json=short", "get-property", "org.pgmd1", group_path(group), GROUP_IFACE,
                          name).stdout
        return json.loads(out)["data"]

    def group_call(self, host: str, group: str, method: str):
        return self.busctl(host, "call", "org.pgmd1", group_path(group), GROUP_IFACE, method)

    def cluster_prop(self, host: str, name: str):
        out = self.busctl(host, "--json=short", "get-property", "org.pgmd1", *CLUSTER, name).stdout
        return json.loads(out)["data"]

    def get_key(self, host: str, group: str) -> list:
        """org.pgmd1.Cluster.GetKey: [node, incarnation]."""
        return json.loads(self.busctl(host, "--json=short", "call", "org.pgmd1", *CLUSTER, "GetKey", "s",
                                      group).stdout)["data"]

    def switchover(self, host: str, group: str, node: str) -> tuple[bool, str]:
        """(accepted, the D-Bus error name and message when refused)."""
        r = self.rig.run(host, ["dbus-send", "--system", "--print-reply", "--dest=org.pgmd1", CLUSTER[0],
                                f"{CLUSTER[1]}.Switchover", f"string:{group}", f"string:{node}"], check=False)
        return r.returncode == 0, (r.stderr + r.stdout).strip()

    def unit_state(self, host: str, unit: str) -> str:
        return self.rig.sandbox(host).unit_property(unit, "ActiveState")

    def unit_stamp(self, host: str, unit: str, prop: str) -> float:
        """A unit's *TimestampMonotonic in seconds: the hosts share
        CLOCK_MONOTONIC, so these compare across hosts (0: never)."""
        return int(self.rig.sandbox(host).unit_property(unit, prop)) / 1e6

    # -- waiting ----------------------------------------------------------------------

    def wait_states(self, group: str, want: dict[str, str], timeout: float = 60) -> None:
        seen = {}

        def reached():
            for host in want:
                seen[host] = self.group_prop(host, group, "State")
            return seen == want
        try:
            wait_for(reached, timeout, f"{group} to be {want}", interval=0.05)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}; it was {seen}\n{self.journals()}") from None

    def owners_everywhere(self, group: str, hosts: Sequence[str] | None = None) -> dict[str, list]:
        return {h: self.group_prop(h, group, "Owners") for h in hosts or self.hosts}

    def views(self, group: str, hosts: Sequence[str] | None = None) -> dict[str, dict]:
        """Each host's cluster view of the group: Synced, the group's Owners,
        its row of Cluster.Pairs and its rows of Cluster.Halves."""
        out = {}
        for host in hosts or self.hosts:
            out[host] = {
                "synced": self.cluster_prop(host, "Synced"),
                "owners": self.group_prop(host, group, "Owners"),
                "pair": [p for p in self.cluster_prop(host, "Pairs") if p[0] == group],
                "halves": sorted(h for h in self.cluster_prop(host, "Halves") if h[0] == group),
            }
        return out

    def wait_agreed(self, group: str, owners: Sequence[str], hosts: Sequence[str] | None = None,
                    timeout: float = 20) -> dict:
        """Until every host is synced and shows `owners`, and the same Pairs
        row and Halves rows of the group; returns that common view."""
        seen = {}

        def agreed():
            seen.update(self.views(group, hosts))
            first = next(iter(seen.values()))
            return (first["synced"] and first["owners"] == list(owners)
                    and all(v == first for v in seen.values()))
        try:
            wait_for(agreed, timeout, f"every node to agree that {list(owners)} own {group}", interval=0.1)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}; views {json.dumps(seen, indent=1)}\n{self.journals()}") from None
        return next(iter(seen.values()))

    def journals(self, lines: int = 60) -> str:
        return "\n".join(f"--- {h} pgmd ---\n"
                         + self.rig.sandbox(h).journal(extra_args=("-u", "pgmd", "-n", str(lines)))
                         for h in self.rig.running())
