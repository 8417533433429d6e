"""pgmd from this tree on every host of a ClusterRig, seen over D-Bus on
each host, for the integration tests of clustered groups.

    with PgmdCluster(["n1", "n2"], PGMD_CONF, {"app": APP_GROUP},
                     units={"app.service": simple_unit()}) as cluster:
        cluster.start_pgmd("n1")              # and a StateWatch per group
        cluster.wait_states("app", {"n1": "active"})
        cluster.group_prop("n2", "app", "Owners")
        cluster.wait_agreed("app", ["n1"])    # Synced, same Owners/Pairs/Halves
        cluster.assert_active_at_most("app", allowed=1, intervals=1)

With clients= the hosts also see the build tree and the test modules
(api_node.client_binds), for pgmctl or the python client inside them.

One configuration directory serves every host, unless host_groups gives a
host groups of its own (then each host has its own, in config_dirs, which a
test may edit and have pgmd reload).

StateWatch records one group's states on one host for the never-too-many-
actives checks (max_concurrent, overlaps): the sandboxes share the host's
CLOCK_MONOTONIC and CLOCK_REALTIME, so stamps from different hosts compare.

PairCase is a unittest.TestCase on a PgmdCluster seen through one paired
group (GROUP): self.cluster's methods without the group argument.
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
from collections.abc import Mapping, Sequence

from api_node import client_binds
from cluster_rig import ClusterRig
from inside_process import end_inside
from pgmd_node import BIN_INSIDE, BUILD_DIR, CONFIG_INSIDE, GROUP_IFACE, SOURCE_ROOT, group_path, pgmd_unit
from sandbox import NSENTER, SANDBOX_ENV, SandboxTimeout, wait_for

HOSTS = ["n1", "n2"]
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

# What a group is after its host went down with the test's SIGKILL to its
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
    for signal(), changed() and cluster_changes().

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
        self.signal_arrivals: list[float] = []       # monotonic, one per signal
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
        self.signal_arrivals.append(stamp)
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
        found = self.signal_arrival(member, predicate)
        return found[1] if found else None

    def signal_arrival(self, member: str, predicate) -> tuple[float, list] | None:
        """(time.monotonic() on arrival, payload) of the first signal
        `member` that matches, or None."""
        self.drain()
        for stamp, m in zip(self.signal_arrivals, self.signals):
            if m.get("member") == member and predicate(m["payload"]["data"]):
                return stamp, m["payload"]["data"]
        return None

    def signals_of(self, member: str) -> list[list]:
        """The payloads of every signal `member` so far, in order."""
        self.drain()
        return [m["payload"]["data"] for m in self.signals if m.get("member") == member]

    def _announced(self, path: str, iface: str, prop: str) -> list:
        self.drain()
        return [m["payload"]["data"][1][prop]["data"] for m in self.signals
                if m.get("member") == "PropertiesChanged" and m.get("path") == path
                and m["payload"]["data"][0] == iface and prop in m["payload"]["data"][1]]

    def changed(self, prop: str) -> list:
        """Every value the group's PropertiesChanged gave `prop`, in order."""
        return self._announced(self.path, GROUP_IFACE, prop)

    def cluster_changes(self, prop: str) -> list:
        """Every value of one of org.pgmd1.Cluster's properties that pgmd
        announced, in order."""
        return self._announced(*CLUSTER, prop)

    def host_down(self, at: float | None = None) -> None:
        """The host went down (the test's SIGKILL to its PID 1, or its power
        switched off), so the group is no longer active there from then on;
        pgmd could not say so. `at`: the time.monotonic() once the host was
        gone (default: now), which is later than the real end, so that an
        overlap with the next active half is only more likely to show."""
        self.drain()
        now_mono, now_real = time.monotonic(), time.time()
        at = now_mono if at is None else at
        self.arrivals.append((at, HOST_DOWN))
        # The same moment on the realtime clock that pgmd's stamps use.
        self.stamped.append((int((now_real - (now_mono - at)) * 1e6), HOST_DOWN))

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

    def caught_up(self, state: str) -> bool:
        """Whether the last state recorded, both ways, is `state` (what the
        group's State property says now)."""
        self.drain()
        return bool(self.arrivals and self.stamped and self.arrivals[-1][1] == state
                    and max(self.stamped)[1] == state)

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


def pair_pgmd_conf(group_name: str, *cluster_lines: str) -> str:
    """The pgmd.conf of a pair test: corosync's group `group_name` (and more
    [Cluster] settings), and no restart budget for the application layer, so
    that a member killed puts its half out of service at once."""
    cluster = "".join(f"{line}\n" for line in (f"GroupName={group_name}", *cluster_lines))
    return (f"[Manager]\nStateDirectory=/run/pgmd-state\n\n[Cluster]\n{cluster}\n"
            "[Application]\nProcessRestartBurst=0\nGroupRestartBurst=0\n")


def hot_standby_group(unit: str = "app.service", nodes: Sequence[str] = HOSTS) -> str:
    """groups.d/NAME.group of a hot-standby pair of one unit on `nodes`."""
    return f"[Group]\nLayer=application\nUnits={unit}\nRedundancy=hot-standby\nNodes={' '.join(nodes)}\n"


def write_config(directory: Path, pgmd_conf: str, groups: Mapping[str, str]) -> Path:
    """pgmd's configuration directory: pgmd.conf and groups.d/NAME.group."""
    (directory / "groups.d").mkdir(exist_ok=True)
    (directory / "pgmd.conf").write_text(pgmd_conf)
    for name, text in groups.items():
        (directory / "groups.d" / f"{name}.group").write_text(text)
    return directory


class PgmdCluster:
    """A ClusterRig whose hosts run pgmd from this tree (pgmd.service, not
    started: start_pgmd).

    groups:          name -> text of groups.d/NAME.group.
    host_groups:     host -> {name: text} that host has instead (each host
                     then has a configuration directory of its own).
    host_conf:       host -> more pgmd.conf text for that host (after
                     pgmd_conf), and host_files: host -> {relative path:
                     text} more files in its configuration directory (mode
                     0600); either gives each host a directory of its own.
    host_binds:      host -> more binds for that host (see Sandbox).
    units:           the groups' units, on every host.
    fence:           bind the fence test agent (FENCE_COMMAND) and its state
                     dir (fence_dir).
    pgmd_unit_extra: more [Service] settings of pgmd.service.
    clients:         bind the build tree and the test modules
                     (api_node.client_binds); its value, what of them the
                     test runs (("pgmctl",)), must be built.
    power_on:        boot every host on entry (ClusterRig's); a subclass
                     that powers them otherwise does it in power_on()."""

    def __init__(self, hosts: Sequence[str], pgmd_conf: str, groups: Mapping[str, str],
                 units: Mapping[str, str], token_ms: int = 1000, fence: bool = False,
                 host_groups: Mapping[str, Mapping[str, str]] | None = None, pgmd_unit_extra: str = "",
                 clients: tuple[str, ...] | None = None, host_conf: Mapping[str, str] | None = None,
                 host_files: Mapping[str, Mapping[str, str]] | None = None,
                 host_binds: Mapping[str, Sequence] | None = None, power_on: bool = True):
        self.hosts = list(hosts)
        self.groups = list(groups)
        self.watches: dict[tuple[str, str], StateWatch] = {}
        # Watches of earlier boots of a host, whose intervals still count.
        self.retired_watches: list[tuple[str, str, StateWatch]] = []
        self._watch_lock = threading.Lock()
        self.fence_dir: Path | None = None
        self._stack = ExitStack()
        host_groups, host_conf, host_files = host_groups or {}, host_conf or {}, host_files or {}
        try:
            def config_dir(name: str, host: str | None) -> Path:
                made = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix=f"pgmd-{name}-")))
                write_config(made, pgmd_conf + host_conf.get(host, ""), {**groups, **host_groups.get(host, {})})
                for relative, text in host_files.get(host, {}).items():
                    (made / relative).write_text(text)
                    (made / relative).chmod(0o600)
                return made
            shared = None if (host_groups or host_conf or host_files) else config_dir("cluster", None)
            self.config_dirs: dict[str, Path] = {h: shared or config_dir(h, h) for h in self.hosts}
            binary = BUILD_DIR / "daemon" / "app" / "pgmd"
            if not binary.exists():
                raise FileNotFoundError(f"{binary} is not built (set PGMD_BUILD_DIR)")
            binds = [(binary.parent, BIN_INSIDE, "ro")]
            if clients is not None:
                binds += client_binds(clients)
            if fence:
                self.fence_dir = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="pgmd-fence-")))
                binds += [(FENCE_AGENT.parent, str(Path(FENCE_AGENT_INSIDE).parent), "ro"),
                          (self.fence_dir, FENCE_STATE_INSIDE, "rw")]
            self.rig = ClusterRig(self.hosts, token_ms=token_ms,
                                  units={"pgmd.service": pgmd_unit(extra=pgmd_unit_extra), **units}, binds=binds,
                                  host_binds={h: [(d, CONFIG_INSIDE, "ro"), *(host_binds or {}).get(h, [])]
                                              for h, d in self.config_dirs.items()},
                                  dbus_policies=[SOURCE_ROOT / "dbus" / "org.pgmd1.conf"], power_on=power_on)
        except BaseException:
            self._stack.close()
            raise

    def __enter__(self) -> "PgmdCluster":
        try:
            self._stack.enter_context(self.rig)
            self.power_on()
            self.rig.wait_quorate()
        except BaseException:
            self.close()
            raise
        return self

    def power_on(self) -> None:
        """Brings the hosts up after the rig was entered: the rig booted
        them already, unless a subclass powers them."""

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with self._watch_lock:
            watches = [*self.watches.values(), *(w for _, _, w in self.retired_watches)]
            self.watches.clear()
            self.retired_watches.clear()
        for watch in watches:
            watch.close()
        self._stack.close()

    def start_pgmd(self, host: str, watch: Sequence[str] | None = None, watch_first: bool = False) -> None:
        """Starts pgmd on the host and watches the groups named in `watch`
        there (default: every group): once pgmd answers, or, watch_first,
        before pgmd starts, so that the watch sees what pgmd says as it
        joins (PairFrozen at its first sync)."""
        groups = self.groups if watch is None else watch
        if watch_first:
            for group in groups:
                self._add_watch(host, group, StateWatch(self.rig, host, group, pgmd_running=False))
        self.rig.run(host, ["systemctl", "start", "pgmd.service"])
        self.wait_pgmd_answers(host)
        if not watch_first:
            for group in groups:
                self._add_watch(host, group, StateWatch(self.rig, host, group))

    def _add_watch(self, host: str, group: str, watch: StateWatch) -> None:
        """A watch of an earlier boot of the host is kept (retired): its
        intervals still count."""
        with self._watch_lock:
            old = self.watches.get((host, group))
            if old is not None:
                old.close()
                self.retired_watches.append((host, group, old))
            self.watches[(host, group)] = watch

    def host_watches(self, host: str, group: str) -> list[StateWatch]:
        """Every watch of the group on the host, from its first boot on."""
        with self._watch_lock:
            current = self.watches.get((host, group))
            return [w for h, g, w in self.retired_watches if (h, g) == (host, group)] + ([current] if current else [])

    def active_intervals(self, host: str, group: str, by_pgmd: bool) -> list[tuple[float, float]]:
        """The group's active intervals on the host over all its boots (see
        StateWatch.active_intervals)."""
        return [span for w in self.host_watches(host, group) for span in w.active_intervals(by_pgmd)]

    def wait_pgmd_answers(self, host: str, timeout: float = 30) -> None:
        wait_for(lambda: self.busctl(host, "call", "org.pgmd1", CLUSTER[0], "org.freedesktop.DBus.Peer",
                                     "Ping", check=False).returncode == 0,
                 timeout, f"pgmd on {host} to answer on the bus")

    def watch(self, host: str, group: str) -> StateWatch:
        return self.watches[(host, group)]

    def kill_host(self, host: str) -> None:
        """SIGKILL to the host's PID 1, and its watches told: no group is
        active there any more."""
        self.rig.kill(host)
        self.host_down(host)

    def host_down(self, host: str, at: float | None = None) -> None:
        """Tells the host's watches that it went down (StateWatch.host_down)."""
        with self._watch_lock:
            watches = [w for (h, _), w in self.watches.items() if h == host]
        for watch in watches:
            watch.host_down(at)

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

    def presence(self, host: str) -> dict[str, str]:
        """{node: presence} from the Nodes property on `host`."""
        return {n[0]: n[2] for n in self.cluster_prop(host, "Nodes")}

    def pair(self, host: str, group: str) -> dict | None:
        """The group's row of Pairs on `host`: redundancy, owners, lead,
        needs fencing."""
        for name, redundancy, owners, lead, needs_fencing in self.cluster_prop(host, "Pairs"):
            if name == group:
                return {"redundancy": redundancy, "owners": owners, "lead": lead, "needs_fencing": needs_fencing}
        return None

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

    def fence_calls(self) -> list[str]:
        """What the fence agent was asked ("off n1", "status n1"), in order."""
        path = self.fence_dir / "calls"
        return path.read_text().splitlines() if path.exists() else []

    # -- waiting ----------------------------------------------------------------------

    def wait_until(self, predicate, timeout: float, what: str, interval: float = 0.05):
        """wait_for, with the pgmds' journals in the failure."""
        try:
            return wait_for(predicate, timeout, what, interval=interval)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}\n{self.journals()}") from None

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
        """Each host's Owners of the group (default: every running host)."""
        return {h: self.group_prop(h, group, "Owners") for h in hosts or self.rig.running()}

    def wait_owners(self, group: str, owners: Sequence[str], hosts: Sequence[str] | None = None,
                    timeout: float = 10) -> None:
        """Until every host (default: every running one) shows `owners`."""
        hosts = hosts or self.rig.running()
        self.wait_until(lambda: self.owners_everywhere(group, hosts) == {h: list(owners) for h in hosts}, timeout,
                        f"{hosts} to agree that {list(owners)} own {group}")

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

    def pgmd_journal(self, host: str, *matches: str) -> str:
        """pgmd's messages on `host`, only those with every FIELD=value of `matches`."""
        return self.rig.sandbox(host).journal(extra_args=("-u", "pgmd", "-o", "cat", *matches))

    # -- never too many active halves ------------------------------------------------------

    def assert_active_at_most(self, group: str, allowed: int, intervals: int | None,
                              hosts: Sequence[str] | None = None) -> None:
        """By pgmd's StateChangeTimestamp and by GroupStateChanged's arrival,
        over the group's watches on `hosts` (default: every watched host,
        killed ones included, over all their boots): exactly `intervals`
        active intervals were recorded (None: any number, once each running
        host's watch has caught up with the group's state there; the last
        signals may still be on their way), and no more than `allowed` of
        them were open at any moment. Fails with the intervals and stamps
        it saw."""
        hosts = hosts or [h for h in self.hosts if self.host_watches(h, group)]

        def seen() -> str:
            rows = [f"{h}: by pgmd {self.active_intervals(h, group, True)}, "
                    f"by arrival {self.active_intervals(h, group, False)}, "
                    f"stamped {[w.stamped for w in self.host_watches(h, group)]}, "
                    f"arrivals {[w.arrivals for w in self.host_watches(h, group)]}" for h in hosts]
            return "\n".join(["", *rows, self.journals()])

        def recorded() -> bool:
            if intervals is not None:
                return all(sum(len(self.active_intervals(h, group, by_pgmd)) for h in hosts) == intervals
                           for by_pgmd in (True, False))
            return all(self.watch(h, group).caught_up(self.group_prop(h, group, "State"))
                       for h in hosts if h in self.rig.running() and (h, group) in self.watches)
        try:
            wait_for(recorded, 10, f"{intervals if intervals is not None else 'the'} active intervals of "
                     f"{group} to be recorded")
        except SandboxTimeout as error:
            raise AssertionError(f"{error}: {seen()}") from None
        for by_pgmd, slack, what in ((True, 0.0, "pgmd's StateChangeTimestamp"),
                                     (False, ARRIVAL_SLACK_S, "GroupStateChanged's arrival")):
            spans = [self.active_intervals(h, group, by_pgmd) for h in hosts]
            most, at = max_concurrent(spans, slack)
            if most > allowed:
                raise AssertionError(f"{most} halves of {group} active at {at} by {what} (at most {allowed}): "
                                     f"{seen()}")


class GroupWatches(Mapping):
    """host -> one group's StateWatch of the host's latest boot."""

    def __init__(self, cluster: PgmdCluster, group: str):
        self.cluster, self.group = cluster, group

    def __getitem__(self, host: str) -> StateWatch:
        return self.cluster.watch(host, self.group)

    def __iter__(self):
        return iter([h for h in self.cluster.hosts if self.cluster.host_watches(h, self.group)])

    def __len__(self) -> int:
        return len(list(iter(self)))


class PairCase(unittest.TestCase):
    """A test on a PgmdCluster (self.cluster, from boot) of one paired group,
    GROUP, watched on each host in self.watch; the helpers are the
    cluster's, for that group."""

    GROUP = "app"
    TOKEN_MS = 1000

    def boot(self, pgmd_conf: str, groups: Mapping[str, str], units: Mapping[str, str],
             cluster_class: type = PgmdCluster, **options) -> None:
        """A PgmdCluster (or a subclass) on HOSTS (options: its own), entered
        for the test. self.watch[host]: GROUP's watch of the host's latest
        boot."""
        self.cluster = self.enterContext(cluster_class(HOSTS, pgmd_conf, groups, units, token_ms=self.TOKEN_MS,
                                                       **options))
        self.rig, self.fence_dir, self.config_dirs = self.cluster.rig, self.cluster.fence_dir, self.cluster.config_dirs
        self.watch = GroupWatches(self.cluster, self.GROUP)

    def start_pgmd(self, host: str, watch_first: bool = False) -> None:
        self.cluster.start_pgmd(host, watch=[self.GROUP], watch_first=watch_first)

    def start_pair(self) -> None:
        """pgmd on n1 first: the owner is the best ready half among those the
        cluster has heard from, so two pgmds starting at once race for it
        (whichever quorate report is delivered first), with no failback."""
        self.start_pgmd("n1")
        self.wait_states({"n1": "active"})
        self.start_pgmd("n2")
        self.wait_states({"n1": "active", "n2": "standby"})
        self.wait_owners(["n1"])

    def busctl(self, host: str, *args: str, check: bool = True):
        return self.cluster.busctl(host, *args, check=check)

    def group_prop(self, host: str, name: str):
        return self.cluster.group_prop(host, self.GROUP, name)

    def cluster_prop(self, host: str, name: str):
        return self.cluster.cluster_prop(host, name)

    def presence(self, host: str) -> dict[str, str]:
        return self.cluster.presence(host)

    def pair(self, host: str) -> dict | None:
        return self.cluster.pair(host, self.GROUP)

    def switchover(self, host: str, node: str) -> tuple[bool, str]:
        return self.cluster.switchover(host, self.GROUP, node)

    def wait_states(self, want: dict[str, str], timeout: float = 60) -> None:
        self.cluster.wait_states(self.GROUP, want, timeout)

    def wait_until(self, predicate, timeout: float, what: str, interval: float = 0.05):
        return self.cluster.wait_until(predicate, timeout, what, interval)

    def wait_pgmd_answers(self, host: str) -> None:
        self.cluster.wait_pgmd_answers(host)

    def owners_everywhere(self, hosts: Sequence[str] | None = None) -> dict[str, list]:
        return self.cluster.owners_everywhere(self.GROUP, hosts)

    def wait_owners(self, owners: Sequence[str], hosts: Sequence[str] | None = None, timeout: float = 10) -> None:
        self.cluster.wait_owners(self.GROUP, owners, hosts, timeout)

    def journals(self) -> str:
        return self.cluster.journals()

    def pgmd_journal(self, host: str, *matches: str) -> str:
        return self.cluster.pgmd_journal(host, *matches)

    def kill_host(self, host: str) -> None:
        self.cluster.kill_host(host)

    def assert_never_two_active(self, intervals: int) -> None:
        self.cluster.assert_active_at_most(self.GROUP, allowed=1, intervals=intervals)
