"""A PgmdCluster whose hosts are watched by one independent computer: a real
pgm-icd (the board) with one [Host.NAME] per node, each host's serial line
through an icd-fault-proxy of its own, and a relay command per host that
switches that host's PoweredMachine (power_rig.py), which kills or boots its
sandbox with its network namespace, and so its cluster links, intact.

    pgmd (n1) -- /dev/ttyPGM0 == proxy n1 ==.
    pgmd (n2) -- /dev/ttyPGM0 == proxy n2 ==+== pgm-icd ---- relay n1, relay n2
    machine n1, machine n2 <---- power_switch.py ---------------'

    with BoardedCluster(HOSTS, pgmd_conf, groups, units) as cluster:
        cluster.start_pgmd("n1"); cluster.start_pgmd("n2")
        cluster.wait_armed()                  # every host armed on the board
        cluster.freeze("n2")                  # hung: the board cycles it
        cluster.machines["n2"].wait_booted(2)
        cluster.crash("n1")                   # dead at once, power still on

A host's board host id is its corosync node id (1, 2, ...). The first boot
of each host is the test's (pgmd not started: start_pgmd); after a boot
the board caused, pgmd starts as its enabled unit would, with a watch of
every group started before it (so the host's states from its start are
recorded), and the watches of the boot before are kept: the group's active
intervals over all boots compare (PgmdCluster.assert_active_at_most). A host
going down (crashed, powered off) ends its active intervals at the moment
the machine had it gone.

Every stamp here is time.monotonic(): the sandboxes share the test's
CLOCK_MONOTONIC, and journal_events() gives journal entries with theirs.
"""

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Mapping, Sequence

from cluster_pgmd import PairCase, PgmdCluster, hot_standby_group, pair_pgmd_conf
from cluster_rig import SKIP_EXIT_STATUS
from common import simple_unit
from pgmd_node import BUILD_DIR, CONFIG_INSIDE, SOURCE_ROOT
from power_rig import (DEVICE_INSIDE, ICD, KEY_INSIDE, PGM_ICD, Board, BoardHost, FaultProxy, PoweredMachine,
                       icd_section)
from sandbox import wait_for

# The board's timings for each host in these tests: a hung host is cut off
# half a second after its last beat (the benchmark setting); a boot
# (sandbox, pgmd) fits the grace many times over on a loaded machine; the
# cycle limit is out of reach of any test here (a loop test cycles a host
# dozens of times), and its window satisfies the board's check.
BOARD_TIMEOUT_S = 0.5
HEARTBEAT_INTERVAL = "100ms"
HOST_TIMINGS = (f"HeartbeatTimeout={BOARD_TIMEOUT_S * 1000:g}ms\nBootGrace=30s\nOffTime=300ms\n"
                "CycleBurst=200\nCycleInterval=4h\nRelayTimeout=30s\nRelayRetryDelay=1s\n")
# Random timing of a full partition, in seconds: the pause before the first
# cut (any phase of the heartbeats, of the token and of the last rejoin), the
# gap between the two cuts (corosync may or may not see the first alone),
# and how long after the loser's power-off the cables return (before its
# boot, during it, or after).
PARTITION_PAUSE_S = (0.0, 1.5)
PARTITION_CUT_GAP_S = (0.0, 0.4)
PARTITION_RESTORE_AFTER_OFF_S = (0.0, 2.0)
LINKS = (0, 1)
KEY_FILE = Path(KEY_INSIDE).relative_to(CONFIG_INSIDE)  # in each host's configuration directory

# Detecting the board fencing of issue 14 in what is built: the board's
# configuration key, and the pgmd side's entry point in the pure core.
FENCING_MISSING = "needs the board fencing of issue 14"
FENCE_BOARD_KEY = "FenceRaceWindow=500ms"
FENCE_CORE_HEADER = SOURCE_ROOT / "daemon" / "core" / "cluster"
FENCE_CORE_NAME = "onBoardFenced"


def host_key(host_id: int) -> str:
    """A per-host key (64 hex digits) that differs between hosts."""
    return hashlib.sha256(f"pgm cluster board host {host_id}".encode()).hexdigest()


def board_accepts(program: Path, board_lines: str) -> tuple[bool, str]:
    """Whether `program --check-config` takes a one-host configuration with
    these [Board] lines, and what it said."""
    with tempfile.TemporaryDirectory(prefix="pgm-icd-probe-") as tmp:
        key = Path(tmp) / "k"
        key.write_text(host_key(1) + "\n")
        key.chmod(0o600)
        config = Path(tmp) / "pgm-icd.conf"
        config.write_text(f"[Board]\n{board_lines}\n[Host.probe]\nHostId=1\nDevice=/dev/null\nKeyFile={key}\n"
                          "RelayCommand=/bin/true\n")
        done = subprocess.run([str(program), "--check-config", f"--config={config}"], capture_output=True,
                              text=True, timeout=30)
    return done.returncode == 0, (done.stdout + done.stderr).strip()


def pgmd_fencing_missing_reason() -> str | None:
    """None when pgmd's side of the board fencing is built (its pure core
    takes onBoardFenced, plan14 section 3); else why not."""
    headers = sorted(FENCE_CORE_HEADER.glob("*.hpp"))
    if not any(FENCE_CORE_NAME in h.read_text() for h in headers):
        return f"{FENCING_MISSING}: pgmd's core has no {FENCE_CORE_NAME} in {FENCE_CORE_HEADER}"
    return None


def board_fencing_missing_reason(program: Path = PGM_ICD) -> str | None:
    """None when both ends of the board fencing are built: pgm-icd knows
    [Board] FenceRaceWindow= and pgmd's core has onBoardFenced; else why
    not, starting with FENCING_MISSING."""
    if not program.exists():
        return f"{FENCING_MISSING}: {program} is not built"
    accepted, said = board_accepts(program, FENCE_BOARD_KEY)
    if not accepted:
        return f"{FENCING_MISSING}: pgm-icd does not know [Board] {FENCE_BOARD_KEY} ({said})"
    return pgmd_fencing_missing_reason()


def older_board() -> tuple[Path | None, str]:
    """The pgm-icd of the commit before the board fencing (meson target
    tests/integration/older-board.txt, built by build-older-board from this
    repository's history): (its path, "") or (None, why there is none)."""
    result = Path(os.environ.get("PGMD_OLDER_BOARD", BUILD_DIR / "tests" / "integration" / "older-board.txt"))
    if not result.exists():
        return None, f"{result} is not built (ninja -C BUILD tests/integration/older-board.txt)"
    kind, _, value = result.read_text().strip().partition("=")
    if kind == "program":
        return Path(value), ""
    if kind == "unavailable":
        return None, value
    raise AssertionError(f"building the older board failed: {value}")


def require_board_fencing(board_side: bool = True) -> None:
    """Exits with 77 (meson: skipped), printing why, unless the board
    fencing is built (pgmd's side, and pgm-icd's unless board_side is
    False): a test of it must not pass without it."""
    reason = board_fencing_missing_reason() if board_side else pgmd_fencing_missing_reason()
    if reason is not None:
        print(f"SKIP: {reason}", flush=True)
        sys.exit(SKIP_EXIT_STATUS)


class BoardedCluster(PgmdCluster):
    """PgmdCluster (same arguments) on hosts whose power the board switches.

    host_timings:    each [Host.NAME]'s settings beyond id, line, key, relay.
    board_settings:  more [Board] lines.
    board_program:   the pgm-icd to run (an older one for compatibility).
    heartbeat:       pgmd's HeartbeatInterval=.
    line_faults:     host -> (to_board, to_host) fault specs of its proxy."""

    def __init__(self, hosts: Sequence[str], pgmd_conf: str, groups: Mapping[str, str],
                 units: Mapping[str, str], *, host_timings: str = HOST_TIMINGS, board_settings: str = "",
                 board_program: Path = PGM_ICD, heartbeat: str = HEARTBEAT_INTERVAL,
                 line_faults: Mapping[str, tuple[str, str]] | None = None, seed: int = 20261207, **options):
        self.workdir = Path(tempfile.mkdtemp(prefix="pgmd-board-cluster-"))
        self.lines: dict[str, FaultProxy] = {}
        self.machines: dict[str, PoweredMachine] = {}
        try:
            for i, host in enumerate(hosts):
                (self.workdir / host).mkdir()
                to_board, to_host = (line_faults or {}).get(host, ("", ""))
                self.lines[host] = FaultProxy(self.workdir / host, seed + i, to_board, to_host)
            ids = {host: i + 1 for i, host in enumerate(hosts)}
            super().__init__(hosts, pgmd_conf, groups, units, power_on=False,
                             host_conf={h: "\n" + icd_section(heartbeat, status_interval="1s", host_id=ids[h])
                                        for h in hosts},
                             host_files={h: {str(KEY_FILE): host_key(ids[h]) + "\n"} for h in hosts},
                             host_binds={h: [(self.lines[h].host_link.resolve(), DEVICE_INSIDE, "rw")]
                                         for h in hosts},
                             **options)
        except BaseException:
            self._close_lines()
            raise
        # Closed last: the stack unwinds the board, the machines and the rig first.
        self._stack.callback(self._close_lines)
        self.host_ids = ids
        self.board = Board(self.workdir, [BoardHost(h, ids[h], self.lines[h].board_link,
                                                    self.workdir / h / "power-switch.sock", host_timings,
                                                    host_key(ids[h])) for h in hosts],
                           board_settings, board_program)

    def _close_lines(self) -> None:
        for line in self.lines.values():
            line.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def power_on(self) -> None:
        """The machines, then the board, then power to every host; returns
        once each has booted (pgmd not started yet)."""
        for host in self.hosts:
            self.machines[host] = PoweredMachine(self.rig.sandbox(host), self.workdir / host / "power-switch.sock",
                                                 on_event=lambda what, at, host=host: self._machine_event(host,
                                                                                                           what, at))
            self._stack.callback(self.machines[host].close)
        self.board.start()
        self._stack.callback(self.board.close)
        for host in self.hosts:
            self.machines[host].power_on()
        for host in self.hosts:
            self.machines[host].wait_booted(1)

    def _machine_event(self, host: str, what: str, at: float) -> None:
        """On the host's machine thread: a host that went down ends its
        active intervals; one that the board booted again starts pgmd."""
        if what == "booted":
            self.rig.boot_times[host] = at
            if self.machines[host].count("booted") > 1:
                self.start_pgmd(host, watch_first=True)
        elif what != "on":
            self.host_down(host, at)

    # -- faults --------------------------------------------------------------------

    def crash(self, host: str) -> float:
        """The host dies at once, its power still on (a kernel panic): the
        board notices the silence and power-cycles it. Returns the moment
        it was gone."""
        machine = self.machines[host]
        crashes = machine.count("crashed")
        machine.crash()
        return machine.time_of("crashed", crashes + 1)

    def freeze(self, host: str) -> float:
        """Every process of the host stops at once (a hung kernel): no
        heartbeat, no corosync, no pgmd. Returns the moment it was frozen."""
        self.rig.sandbox(host).freeze()
        return time.monotonic()

    def cut_off(self, host: str, rng: random.Random) -> float:
        """A full partition with random timing: after a random pause, both
        links of the host are cut, in random order, a random moment apart
        (PARTITION_*). Returns the moment of the first cut."""
        time.sleep(rng.uniform(*PARTITION_PAUSE_S))  # random timing of the fault, not a wait for an event
        first, second = rng.sample(LINKS, 2)
        cut_at = time.monotonic()
        self.rig.cut(host, first)
        time.sleep(rng.uniform(*PARTITION_CUT_GAP_S))
        self.rig.cut(host, second)
        return cut_at

    def reconnect(self, host: str, rng: random.Random) -> None:
        """The cables of cut_off back, a random moment later (random timing
        of the repair)."""
        time.sleep(rng.uniform(*PARTITION_RESTORE_AFTER_OFF_S))
        for link in LINKS:
            self.rig.restore(host, link)

    # -- the board -------------------------------------------------------------------

    def wait_armed(self, hosts: Sequence[str] | None = None, timeout: float = 30) -> None:
        for host in hosts or self.hosts:
            self.board.wait_state("armed", timeout, host)

    def board_prop(self, host: str, name: str):
        return self.board.prop(name, host)

    def icd_prop(self, host: str, name: str):
        """A property of pgmd's link to the board on the host
        (org.pgmd1.IndependentComputer)."""
        out = self.busctl(host, "--json=short", "get-property", "org.pgmd1", *ICD, name).stdout
        return json.loads(out)["data"]

    def wait_power_event(self, host: str, what: str, nth: int, timeout: float) -> float:
        """Until the host's machine saw `what` for the nth time; its stamp."""
        machine = self.machines[host]
        machine.wait(lambda calls: calls.count(what) >= nth, timeout, f"{host}'s power event {what} #{nth}")
        return machine.time_of(what, nth)

    def wait_rejoined(self, host: str, boots: int, timeout: float = 90) -> None:
        """Until the host booted `boots` times, its pgmd answers and every
        running host's corosync is quorate with every running host."""
        self.machines[host].wait_booted(boots, timeout)
        self.wait_pgmd_answers(host)
        self.rig.wait_quorate(timeout=timeout)

    # -- journals, in the shared monotonic clock --------------------------------------

    def journal_entries(self, host: str, unit: str, fields: tuple[str, ...], *matches: str,
                        since_monotonic: float = 0.0) -> list[tuple[float, dict]]:
        """(CLOCK_MONOTONIC seconds, entry with `fields`) of a unit's journal
        entries on the host (its current boot) that match `matches`
        ("FIELD=value"). journald stamps an entry as it receives it: a little
        later than the event, never earlier."""
        out = self.rig.run(host, ["journalctl", "--no-pager", "-o", "json", "-u", unit, *matches,
                                  f"--output-fields={','.join(fields)}"], timeout=30).stdout
        rows = []
        for line in out.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            stamp = int(entry["__MONOTONIC_TIMESTAMP"]) / 1e6
            if stamp >= since_monotonic:
                rows.append((stamp, entry))
        return rows

    def journal_events(self, host: str, unit: str, since_monotonic: float = 0.0) -> list[tuple[float, str]]:
        """(CLOCK_MONOTONIC seconds, message) of a unit's journal entries on
        the host (its current boot)."""
        rows = []
        for stamp, entry in self.journal_entries(host, unit, ("MESSAGE",), since_monotonic=since_monotonic):
            message = entry.get("MESSAGE")
            if isinstance(message, list):  # journald gives non-UTF-8 text as bytes
                message = bytes(message).decode(errors="replace")
            if message:
                rows.append((stamp, message))
        return rows

    def first_journal_event(self, host: str, unit: str, contains: str, since_monotonic: float,
                            timeout: float = 20) -> tuple[float, str]:
        """The first entry of a unit on the host since a moment whose
        message contains `contains`, waiting for it."""
        found = []

        def seen() -> bool:
            found[:] = [row for row in self.journal_events(host, unit, since_monotonic) if contains in row[1]]
            return bool(found)
        wait_for(seen, timeout, f"{unit} on {host} to log {contains!r}", interval=0.2)
        return found[0]

    def verdicts_logged(self, host: str, node: str, since_monotonic: float) -> list[tuple[float, str, str, str]]:
        """(CLOCK_MONOTONIC seconds, MESSAGE_ID, VERDICT, EVIDENCE) of pgmd's
        journal entries on the host about the diagnosis of peer `node`
        (core/cluster/peer_diagnosis.hpp), since a moment."""
        entries = self.journal_entries(host, "pgmd.service", ("MESSAGE_ID", "VERDICT", "EVIDENCE"), f"NODE={node}",
                                       since_monotonic=since_monotonic)
        return [(stamp, e.get("MESSAGE_ID", ""), e["VERDICT"], e.get("EVIDENCE", ""))
                for stamp, e in entries if "VERDICT" in e]

    def first_verdict(self, host: str, node: str, verdict: str, since_monotonic: float,
                      timeout: float = 20) -> tuple[float, str, str, str]:
        """The first journal entry on the host giving `node` that verdict
        since a moment, waiting for it."""
        found = []

        def seen() -> bool:
            found[:] = [row for row in self.verdicts_logged(host, node, since_monotonic) if row[2] == verdict]
            return bool(found)
        wait_for(seen, timeout, f"pgmd on {host} to log the verdict {verdict} on {node}", interval=0.2)
        return found[0]

    def journals(self, lines: int = 60) -> str:
        machines = "\n".join(f"--- {h} power: {m.timeline()} {m.failure}" for h, m in self.machines.items())
        return f"{super().journals(lines)}\n{machines}\n--- board ---\n{self.board.log()[-6000:]}"


def realtime_usec_to_monotonic(usec: int) -> float:
    """A CLOCK_REALTIME stamp (pgmd's StateChangeTimestamp) on the
    monotonic clock, by the offset between the two clocks now."""
    return usec / 1e6 - (time.time() - time.monotonic())


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


class BoardPairCase(PairCase):
    """PairCase on a BoardedCluster: GROUP a hot-standby pair of app.service,
    active on n1 and standby on n2, both hosts armed on the board, before
    each test. PGMD_CONF_LINES: more [Cluster] lines; BOARD_OPTIONS: more
    BoardedCluster (and PgmdCluster) arguments."""

    GROUP = "app"
    PGMD_CONF_LINES: tuple[str, ...] = ()
    BOARD_OPTIONS: dict = {}

    def setUp(self):
        self.boot(pair_pgmd_conf(f"pgmd-{type(self).__name__.lower()}", *self.PGMD_CONF_LINES),
                  {self.GROUP: hot_standby_group()}, {"app.service": simple_unit("pair member")},
                  cluster_class=BoardedCluster, **self.BOARD_OPTIONS)
        self.start_pair()
        self.cluster.wait_armed()
