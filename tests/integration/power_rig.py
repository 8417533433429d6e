"""A host watched by an independent computer, for integration tests and
benchmarks: a sandboxed pgmd host (PgmdNode) whose power supply is switched
by a real pgm-icd through a relay command, with icd-fault-proxy on the
serial line between them.

    pgmd (in the sandbox) -- /dev/ttyPGM0 == proxy == board pty -- pgm-icd
                                                            relay command
    PoweredMachine <-------- power_switch.py on|off|status -------'

    with PowerRig("ladder", config, units, board_timings=TIMINGS) as rig:
        rig.machine.wait_booted(1)
        rig.board.wait_state("armed")

The machine plays the host's hardware: "off" kills the sandbox outright (as
losing power does), "on" boots it again with the same state directory, and a
host that reboots itself is booted again while its power is on; crash()
kills it with its power left on (a kernel panic: only a cycle revives it).
Board and PoweredMachine serve any number of hosts: cluster_board.py gives
every host of a corosync cluster its own machine and line, on one board.
"""

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

from api_node import BUILD_INSIDE, PGMCTL
from pgmd_node import BUILD_DIR, SOURCE_ROOT, PgmdNode, path_encode
from sandbox import Sandbox, SandboxError, SandboxTimeout, exit_reason, wait_for

PROXY = BUILD_DIR / "tests" / "integration" / "icd" / "icd-fault-proxy"
PGM_ICD = BUILD_DIR / "icd" / "daemon" / "pgm-icd"
POWER_SWITCH = Path(__file__).resolve().parent / "power_switch.py"
BUS_CONFIG = SOURCE_ROOT / "tests" / "unit" / "bus" / "test-bus.conf"

HOST_ID = 7
HOST_NAME = "node"
DEVICE_INSIDE = "/dev/ttyPGM0"
KEY_INSIDE = "/etc/pgmd/icd.key"
KEY_HEX = "5b0e3c9a71d24f86a0c3e1b7d9f20a4c6e8b1d3f5a7c9e0b2d4f6a8c0e1b3d5f"
ICD = ("/org/pgmd1/icd", "org.pgmd1.IndependentComputer")  # pgmd's view of its link


def icd_section(interval: str = "200ms", status_interval: str = "1s", host_id: int = HOST_ID) -> str:
    """pgmd.conf's [IndependentComputer] for a rig's host."""
    return (f"[IndependentComputer]\nLink=serial\nDevice={DEVICE_INSIDE}\nBaud=115200\n"
            f"KeyFile={KEY_INSIDE}\nHostId={host_id}\nHeartbeatInterval={interval}\n"
            f"StatusInterval={status_interval}\n")


def _require(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"{path} is not built (set PGMD_BUILD_DIR)")
    return path


def _end(proc: subprocess.Popen, timeout: float = 10) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


class FaultProxy:
    """icd-fault-proxy between the host's line and the board's."""

    def __init__(self, workdir: Path, seed: int, to_board: str = "", to_host: str = "",
                 log: bool = False):
        self.host_link = workdir / "host-link"
        self.board_link = workdir / "board-link"
        self.log_path = workdir / "proxy.log" if log else None
        args = [str(_require(PROXY)), "--host-link", str(self.host_link),
                "--board-link", str(self.board_link), "--seed", str(seed)]
        if to_board:
            args += ["--to-board", to_board]
        if to_host:
            args += ["--to-host", to_host]
        if self.log_path:
            args += ["--log", str(self.log_path)]
        self._stderr = open(workdir / "proxy.stderr", "w+")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._stderr, text=True)
        ready = self.proc.stdout.readline().split()
        if not ready or ready[0] != "ready":
            _end(self.proc)
            raise RuntimeError(f"icd-fault-proxy did not start: {self.stderr()}")
        self.summary = ""

    def stderr(self) -> str:
        if self._stderr.closed:
            return self.summary
        self._stderr.flush()
        return Path(self._stderr.name).read_text()

    def faults_seen(self) -> dict[str, set[str]]:
        """From --log: the kinds of damage done so far, per direction."""
        seen: dict[str, set[str]] = {"to-board": set(), "to-host": set()}
        for line in self.log_path.read_text().splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[1] in seen and parts[3] != "-":
                seen[parts[1]].update(parts[3].split(","))
        return seen

    def pause(self) -> None:
        self.proc.send_signal(signal.SIGUSR1)

    def resume(self) -> None:
        self.proc.send_signal(signal.SIGUSR2)

    def stop(self) -> str:
        """Ends the proxy and returns its summary line. Safe to call more than once."""
        if not self._stderr.closed:
            _end(self.proc)
            self.summary = self.stderr().strip()
            self.proc.stdout.close()
            self._stderr.close()
        return self.summary


@dataclass
class BoardHost:
    """One [Host.NAME] of a board: its id, the board's end of its line, its
    key, its machine's power switch socket and its own settings (timings,
    as Key=value lines)."""
    name: str
    host_id: int
    device: Path
    switch_socket: Path
    settings: str
    key_hex: str = KEY_HEX


class Board:
    """pgm-icd on the test machine, watching one or more hosts, with a
    private bus for its D-Bus interface. program: the pgm-icd to run (an
    older one for compatibility tests). Methods that take a host default to
    the first one."""

    def __init__(self, workdir: Path, hosts: Sequence[BoardHost], board_settings: str = "",
                 program: Path = PGM_ICD):
        self.dir = workdir / "board"
        self.dir.mkdir()
        self.hosts = [h.name for h in hosts]
        self.program = program
        self.bus_address = f"unix:path={self.dir / 'bus'}"
        self.config = self.dir / "pgm-icd.conf"
        # The relay runs python isolated and without site (-I -S): it needs
        # only the standard library, and a relay that takes long to start
        # delays every power change and the notices that follow it.
        sections = [f"[Board]\nStateDirectory={self.dir / 'state'}\nBusAddress={self.bus_address}\n{board_settings}"]
        for host in hosts:
            key = self.dir / f"{host.name}.key"
            key.write_text(host.key_hex + "\n")
            key.chmod(0o600)
            sections.append(
                f"[Host.{host.name}]\nHostId={host.host_id}\nDevice={host.device.resolve()}\nKeyFile={key}\n"
                f"RelayCommand={sys.executable} -I -S {POWER_SWITCH} {host.switch_socket}\n{host.settings}")
        self.config.write_text("\n".join(sections))
        self.bus: subprocess.Popen | None = None
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        if self.bus is None:
            self.bus = subprocess.Popen(
                ["dbus-daemon", f"--config-file={BUS_CONFIG}", f"--address={self.bus_address}",
                 "--nofork", "--print-address"], stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, text=True)
            if not self.bus.stdout.readline().strip():
                raise RuntimeError("the board's dbus-daemon did not start")
        env = {k: v for k, v in os.environ.items() if k != "NOTIFY_SOCKET"}
        with open(self.dir / "pgm-icd.log", "a") as log:
            self.proc = subprocess.Popen([str(_require(self.program)), f"--config={self.config}"],
                                         stdout=log, stderr=log, env=env)
        wait_for(lambda: all(self._busctl("get-property", "State", host, check=False).returncode == 0
                             for host in self.hosts),
                 10, "pgm-icd to publish its hosts on the bus")

    def stop(self) -> None:
        if self.proc is not None:
            _end(self.proc)
            self.proc = None

    def close(self) -> None:
        self.stop()
        if self.bus is not None:
            _end(self.bus)
            self.bus.stdout.close()
            self.bus = None

    def _busctl(self, verb: str, member: str, host: str | None = None,
                check: bool = True) -> subprocess.CompletedProcess:
        path = path_encode("/org/pgmd1/icd/host", host or self.hosts[0])
        args = ["busctl", f"--address={self.bus_address}", "--json=short", verb, "org.pgmd1.Icd",
                path, "org.pgmd1.IcdHost", member]
        return subprocess.run(args, capture_output=True, text=True, check=check, timeout=10)

    def prop(self, name: str, host: str | None = None):
        return json.loads(self._busctl("get-property", name, host).stdout)["data"]

    def clear_latch(self, host: str | None = None) -> None:
        self._busctl("call", "ClearLatch", host)

    def wait_prop(self, name: str, value, timeout: float, host: str | None = None) -> None:
        seen = []

        def reached():
            seen.append(self.prop(name, host))
            return seen[-1] == value
        try:
            wait_for(reached, timeout, f"the board's {name} of {host or self.hosts[0]} to be {value}")
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}; it was {seen[-1] if seen else '?'}\n{self.log()}") from None

    def wait_state(self, state: str, timeout: float, host: str | None = None) -> None:
        self.wait_prop("State", state, timeout, host)

    def log(self) -> str:
        path = self.dir / "pgm-icd.log"
        return path.read_text() if path.exists() else ""


class JournalFollower:
    """pgmd's journal in a booted sandbox, followed from outside it (through
    /proc/PID/root): no process of the test runs inside, where it could hold
    up the sandbox's shutdown. The lines outlive the sandbox."""

    def __init__(self, pid1: int):
        self._out = tempfile.TemporaryFile("w+")
        self.proc = subprocess.Popen(
            ["journalctl", f"--root=/proc/{pid1}/root", "--no-pager", "--follow", "--lines=all",
             "--output=short-monotonic", "--unit=pgmd"],
            stdout=self._out, stderr=subprocess.STDOUT, text=True)

    def text(self) -> str:
        self._out.flush()
        self._out.seek(0)
        return self._out.read()

    def close(self) -> None:
        if not self._out.closed:
            _end(self.proc, timeout=5)
            self._out.close()


class PoweredMachine:
    """A host's power supply and firmware, driven over a Unix socket by the
    relay command. One thread does every power change and boot, in order, so
    an "off" always completes before the next "on"; it also lives as long as
    the sandbox it boots (its death signal follows the booting thread).

    sandbox:   the host.
    on_event:  called on the machine's thread after each event is recorded,
               with the event and its time.monotonic() stamp: "on", "off"
               (power), "booted", "crashed" (crash()), or how the sandbox
               ended by itself ("reboot", "poweroff", ...). A host's boot
               sequence may continue there (start its services)."""

    def __init__(self, sandbox: Sandbox, socket_path: Path,
                 on_event: Callable[[str, float], None] | None = None):
        self.sandbox = sandbox
        self.on_event = on_event
        self.events: list[tuple[float, str]] = []
        self.failure = ""
        self._powered = False
        self._changed = threading.Condition()
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(str(socket_path))
        self._listener.listen(8)
        self._wake_read, self._wake_write = os.pipe()
        self._closing = False
        # pgmd's journal of each boot, followed from its start: the journal
        # is volatile, and a boot's is gone once its power is.
        self.journals: list[JournalFollower] = []
        self._thread = threading.Thread(target=self._run, name=f"powered-machine-{sandbox.name}", daemon=True)
        self._thread.start()

    # -- for the test ---------------------------------------------------------

    def power_on(self) -> None:
        """Plugs the host in (the first boot)."""
        self._command("on")

    def crash(self) -> None:
        """The host dies at once (its sandbox killed) while its power stays
        on, as on a kernel panic: only a power-cycle brings it back."""
        answer = self._command("crash")
        if answer != "done":
            raise AssertionError(f"the machine could not crash the host: {answer}")

    def close(self) -> None:
        if self._closing:
            return
        self._closing = True
        os.write(self._wake_write, b"x")
        self._thread.join(timeout=60)
        for journal in self.journals:
            journal.close()
        self._listener.close()
        os.close(self._wake_read)
        os.close(self._wake_write)

    def calls(self) -> list[str]:
        """The relay's switching calls and what the machine did, in order."""
        with self._changed:
            return [what for _, what in self.events]

    def count(self, what: str) -> int:
        return self.calls().count(what)

    def timeline(self) -> list[tuple[float, str]]:
        """(time.monotonic(), event) of every event so far, in order."""
        with self._changed:
            return list(self.events)

    def wait(self, predicate: Callable[[list[str]], bool], timeout: float, what: str,
             per_step: bool = False) -> list[str]:
        """Until predicate(calls). With per_step, `timeout` bounds each step
        (the time between two events of the machine) rather than the whole
        wait: a loaded machine makes every boot slower, and a wait over
        several boots must not add up their worst cases into one guess."""
        deadline = time.monotonic() + timeout
        with self._changed:
            seen = len(self.events)
            while True:
                calls = [w for _, w in self.events]
                if self.failure:
                    raise AssertionError(f"the machine failed: {self.failure}; events {calls}")
                if predicate(calls):
                    return calls
                if per_step and len(calls) > seen:
                    seen = len(calls)
                    deadline = time.monotonic() + timeout
                left = deadline - time.monotonic()
                if left <= 0:
                    step = " for its next step" if per_step else ""
                    raise SandboxTimeout(f"timed out after {timeout:g}s{step} waiting for {what}; events {calls}")
                self._changed.wait(left)

    def wait_booted(self, boots: int, timeout: float = 90) -> None:
        """Until the machine has booted `boots` times; `timeout` bounds each
        step (off, on, booted) on the way."""
        self.wait(lambda calls: calls.count("booted") >= boots, timeout, f"boot number {boots}", per_step=True)

    def time_of(self, what: str, nth: int = 1) -> float:
        with self._changed:
            return [t for t, w in self.events if w == what][nth - 1]

    # -- the machine thread -----------------------------------------------------

    def _record(self, what: str) -> None:
        stamp = time.monotonic()
        with self._changed:
            self.events.append((stamp, what))
            self._changed.notify_all()
        if self.on_event is not None:
            self.on_event(what, stamp)

    def _command(self, action: str) -> str:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(self._listener.getsockname())
            conn.sendall(action.encode() + b"\n")
            return conn.makefile().readline().strip()

    def _run(self) -> None:
        try:
            while not self._closing:
                sandbox_fd = self.sandbox.exit_fd
                fds = [self._listener, self._wake_read] + ([sandbox_fd] if sandbox_fd >= 0 else [])
                ready, _, _ = select.select(fds, [], [])
                if sandbox_fd >= 0 and sandbox_fd in ready:
                    self._host_went_down()
                if self._listener in ready:
                    self._serve_one()
        except Exception as error:  # reported to the waiting test
            with self._changed:
                self.failure = f"{type(error).__name__}: {error}"
                self._changed.notify_all()
        finally:
            self.sandbox.stop()

    def _serve_one(self) -> None:
        conn, _ = self._listener.accept()
        with conn:
            conn.settimeout(10)
            action = conn.makefile().readline().strip()
            if action == "status":
                conn.sendall(b"on\n" if self._powered else b"off\n")
            elif action in ("off", "crash"):
                # Recorded once the sandbox is gone: a stamp no earlier than
                # the real end of everything that ran there.
                self._powered = self._powered and action == "crash"
                self.sandbox.stop()
                self._record("off" if action == "off" else "crashed")
                conn.sendall(b"done\n")
            elif action == "on":
                # Power comes back at once; the boot follows, as on hardware.
                self._powered = True
                self._record("on")
                conn.sendall(b"done\n")
            else:
                conn.sendall(b"unknown action\n")
                return
        if action == "on":
            self._boot()

    def _host_went_down(self) -> None:
        # A loaded machine may take a while to reap a sandbox that ended itself.
        reason = exit_reason(self.sandbox.wait_exit(60))
        self._record(reason)
        if reason == "reboot" and self._powered:
            self._boot()

    def _boot(self) -> None:
        if self.sandbox.is_running:
            return
        try:
            self.sandbox.boot(60)
        except SandboxError as error:
            raise SandboxError(f"boot {self.count('booted') + 1} failed: {error}") from None
        self.journals.append(JournalFollower(self.sandbox.pid1))
        self._record("booted")


class PowerRig:
    """Proxy, sandboxed host, machine and board, set up and torn down together."""

    def __init__(self, name: str, config: Mapping[str, str], units: Mapping[str, str],
                 board_timings: str, seed: int = 20261122, to_board: str = "", to_host: str = "",
                 proxy_log: bool = False):
        self.workdir = Path(tempfile.mkdtemp(prefix=f"pgmd-rig-{name}-"))
        self.proxy = FaultProxy(self.workdir, seed, to_board, to_host, proxy_log)
        self.node: PgmdNode | None = None
        self.machine: PoweredMachine | None = None
        self.board: Board | None = None
        try:
            config = dict(config)
            config["icd.key"] = KEY_HEX + "\n"
            self.node = PgmdNode(name, config, units, start_pgmd=True,
                                 extra_binds=[(self.proxy.host_link.resolve(), DEVICE_INSIDE, "rw"),
                                              (BUILD_DIR, BUILD_INSIDE, "ro")])
            (self.node.config_dir / "icd.key").chmod(0o600)
            switch = self.workdir / "power-switch.sock"
            self.machine = PoweredMachine(self.node.sandbox, switch)
            self.board = Board(self.workdir, [BoardHost(HOST_NAME, HOST_ID, self.proxy.board_link, switch,
                                                        board_timings)])
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> "PowerRig":
        try:
            self.board.start()
            self.machine.power_on()
            self.machine.wait_booted(1)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # A test that timed out or failed shows both ends first: what pgmd
        # and the board did is gone once the rig is torn down.
        if exc_type is not None and issubclass(exc_type, (SandboxError, AssertionError)):
            print(self.diagnostics(), file=sys.stderr, flush=True)
        self.close()

    def diagnostics(self, lines: int = 300) -> str:
        """The machine's events, pgmd's journal of every boot (as followed
        while it ran), the board's log and the proxy's stderr, each to its
        last `lines` lines."""
        def tail(text: str) -> str:
            return "\n".join(text.splitlines()[-lines:])
        parts = [f"--- the machine's events ---\n{self.machine.calls() if self.machine else '?'}"]
        for boot, journal in enumerate(self.machine.journals if self.machine else [], start=1):
            parts.append(f"--- pgmd's journal, boot {boot} ---\n{tail(journal.text())}")
        parts += [f"--- the board (pgm-icd) ---\n{tail(self.board.log()) if self.board else '?'}",
                  f"--- the fault proxy ---\n{tail(self.proxy.stderr())}"]
        return "\n".join(parts)

    def close(self) -> None:
        """Safe to call more than once."""
        # The board first, so that it switches nothing while the rest goes.
        if self.board:
            self.board.close()
        if self.machine:
            self.machine.close()
        if self.node:
            self.node.close()
        self.proxy.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- the host, which may be down at any moment ----------------------------------

    def host_run(self, args, timeout: float = 30) -> subprocess.CompletedProcess | None:
        """Runs a command in the host; None while it is powered off or booting."""
        try:
            return self.node.run(args, check=False, timeout=timeout)
        except SandboxError:
            return None

    def icd_prop(self, name: str):
        r = self.host_run(["busctl", "--system", "--json=short", "get-property", "org.pgmd1", *ICD, name])
        return json.loads(r.stdout)["data"] if r is not None and r.returncode == 0 else None

    def wait_link_up(self, timeout: float = 30) -> None:
        wait_for(lambda: self.icd_prop("LinkState") == "up", timeout,
                 "pgmd's link to the board to be up")

    def pgmctl(self, *args: str, as_user: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
        """pgmctl inside the host (it must be up)."""
        return self.node.run([*as_user, PGMCTL, "--no-pager", *args], check=False)

    def pgmd_pid(self) -> int:
        return self.node.main_pid("pgmd.service")
