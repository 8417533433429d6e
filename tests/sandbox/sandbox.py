"""Boots a private systemd with a real system bus, as PID 1 of new namespaces,
for integration tests, demos and benchmarks.

    from sandbox import Sandbox, require_sandbox

    require_sandbox()                      # exit 77 (skip) where it cannot run
    units = {"app.service": "[Service]\\nExecStart=/bin/sleep infinity\\n"}
    with Sandbox("node1", units, start=["app.service"]) as sb:
        assert sb.unit_property("app.service", "ActiveState") == "active"
        sb.run(["busctl", "--system", "tree", "org.freedesktop.systemd1"])

See README.md beside this file for what the sandbox shares with the host.
"""

import atexit
import os
import re
import secrets
import shutil
import subprocess
import time
import weakref
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence, TypeVar

from sandbox_cgroup import SandboxCgroup
from sandbox_errors import SandboxCommandError, SandboxError, SandboxTimeout
from sandbox_instance import BootedInstance, exit_reason
from sandbox_layout import (STATE_DIR_INSIDE, TARGET, Bind, WorkDir, machine_id_for,
                            runtime_dir)
from sandbox_poll import DEFAULT_INTERVAL, wait_for
from sandbox_preflight import require_sandbox, sandbox_unavailable_reason
from sandbox_record import InstanceRecord, process_start_time, sweep_stale

__all__ = ["Sandbox", "SandboxError", "SandboxTimeout", "SandboxCommandError",
           "require_sandbox", "sandbox_unavailable_reason", "wait_for", "exit_reason",
           "stop_instance", "running_pid1", "SANDBOX_ENV", "STATE_DIR_INSIDE", "TARGET"]

T = TypeVar("T")

# Commands inside get this environment, not the caller's: a host variable
# such as DBUS_SYSTEM_BUS_ADDRESS would otherwise point them elsewhere.
SANDBOX_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C.UTF-8",
    "SYSTEMD_PAGER": "",
    "SYSTEMD_COLORS": "0",
    "TERM": "dumb",
}
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,62}")
NSENTER = shutil.which("nsenter") or "/usr/bin/nsenter"

# Instances this process started and must not leave behind.
_live_instances: "weakref.WeakSet[BootedInstance]" = weakref.WeakSet()


@atexit.register
def _kill_leftovers() -> None:
    for instance in list(_live_instances):
        if instance.proc is not None:
            try:
                instance.kill()
            except SandboxError:
                pass  # exiting anyway; PR_SET_PDEATHSIG covers what is left


def _kill_if_started_here(instance: BootedInstance) -> None:
    if instance.proc is not None and instance.alive():
        instance.kill()


BindSpec = Bind | tuple[str | os.PathLike, str] | tuple[str | os.PathLike, str, str]


def _to_bind(spec: BindSpec) -> Bind:
    if isinstance(spec, Bind):
        return spec
    if len(spec) == 3 and spec[2] not in ("ro", "rw"):
        raise SandboxError(f"bind mode must be 'ro' or 'rw', not {spec[2]!r}")
    return Bind(Path(spec[0]), spec[1], read_only=len(spec) == 3 and spec[2] == "ro")


class Sandbox:
    """A private systemd (plus dbus-daemon and journald) in its own pid, mount,
    uts, ipc and cgroup namespaces; optionally in a network namespace too.

    units:          {relative file name: text} written to /etc/systemd/system
                    inside (subdirectories such as "x.service.d/y.conf" work),
                    or a host directory bound there read-only.
    start:          units pgm-sandbox.target pulls in at every boot.
    state_dir:      host directory bound on /var/lib/pgmd; it persists across
                    reboots. Without it /var/lib/pgmd starts empty every boot.
    binds:          (host path, sandbox path[, "ro"|"rw"]) pairs.
    dbus_policies:  policy files added to the sandbox's /etc/dbus-1/system.d.
    netns:          name of an `ip netns` namespace to boot in.
    instance_id:    unique key of this sandbox on the host (work dir, cgroup);
                    defaults to name plus a random suffix.
    detach:         keep running when this process exits (the CLI uses this).
    root:           a throwaway root to boot on instead of the host's: a
                    writable overlay or tmpfs mount of the caller's (mounted in
                    a private mount namespace, which the sandbox inherits).
                    The sandbox writes straight into it and uses its own
                    /etc/systemd/system, D-Bus policies and /var/lib/pgmd, so
                    units, dbus_policies and state_dir are not given; the
                    host's enabled units are masked (README.md).
    """

    def __init__(self, name: str,
                 units: Mapping[str, str] | str | os.PathLike | None = None,
                 state_dir: str | os.PathLike | None = None,
                 binds: Iterable[BindSpec] = (),
                 dbus_policies: Iterable[str | os.PathLike] = (),
                 hostname: str | None = None, *,
                 start: Iterable[str] = (),
                 netns: str | None = None,
                 instance_id: str | None = None,
                 detach: bool = False,
                 root: str | os.PathLike | None = None):
        for label, value in (("name", name), ("hostname", hostname or name)):
            if not NAME_PATTERN.fullmatch(value):
                raise SandboxError(f"sandbox {label} {value!r} must match {NAME_PATTERN.pattern}")
        self.name = name
        self.hostname = hostname or name
        self.instance_id = instance_id or f"{name}-{secrets.token_hex(3)}"
        if not ID_PATTERN.fullmatch(self.instance_id):
            raise SandboxError(f"instance id {self.instance_id!r} is not a plain name")
        self.netns = netns
        self.detach = detach
        self.root = None if root is None else Path(root).resolve()
        self.workdir = WorkDir(runtime_dir() / self.instance_id)
        self.cgroup = SandboxCgroup.for_instance(self.instance_id)
        self.last_exit_status: int | None = None
        self._instance: BootedInstance | None = None
        self._finalizer: weakref.finalize | None = None
        self._pid_file: str | None = None
        try:
            self.workdir.prepare(units, start, state_dir, [_to_bind(b) for b in binds],
                                 dbus_policies, root)
        except BaseException:
            self.workdir.remove()
            raise
        # Written before the first boot, so a sweep can find the work dir of
        # an owner that died even if it never booted.
        self._record().save(self.workdir)

    # -- lifecycle --------------------------------------------------------------

    def boot(self, timeout: float = 60) -> "Sandbox":
        """Boots and returns once systemd finished starting pgm-sandbox.target
        and the system bus answers. May be called again after stop() or after
        the sandbox powered itself off or rebooted."""
        if self.is_running:
            raise SandboxError(f"sandbox {self.instance_id} is already running")
        deadline = time.monotonic() + timeout
        sweep_stale()
        cgroup = self.cgroup
        cgroup.create()
        env = {
            "PGM_SB_WORK": str(self.workdir.path),
            "PGM_SB_HOSTNAME": self.hostname,
            "PGM_SB_MACHINE_ID": machine_id_for(self.instance_id),
            "PGM_SB_OWN_NETNS": "1" if self.netns else "0",
        }
        if self.root is not None:
            env["PGM_SB_ROOT"] = str(self.root)
        with open(self.workdir.console_log, "a", encoding="utf-8") as console:
            console.write(f"--- boot of {self.instance_id} ---\n")
        try:
            instance = BootedInstance.launch(self.workdir, cgroup, env, self.netns,
                                             self.detach, timeout)
        except BaseException:
            cgroup.kill_all()
            cgroup.remove()
            raise
        self._instance = instance
        if not self.detach:
            _live_instances.add(instance)
            self._finalizer = weakref.finalize(self, _kill_if_started_here, instance)
        try:
            self.wait_for(self._boot_finished, max(0.0, deadline - time.monotonic()),
                          f"sandbox {self.instance_id} to boot")
        except BaseException as error:
            console = self.workdir.console_tail()
            self.stop()
            if isinstance(error, SandboxError):
                raise type(error)(f"{error}\nconsole:\n{console}") from error
            raise
        self._record().save(self.workdir)
        return self

    def _boot_finished(self) -> bool:
        if not self._instance.alive():
            raise SandboxError(f"sandbox {self.instance_id} exited while booting")
        state = self.run(["systemctl", "is-system-running"], check=False).stdout.strip()
        if state in ("maintenance", "stopping"):
            raise SandboxError(f"sandbox systemd is in state {state!r} instead of booting")
        if state not in ("running", "degraded"):
            return False
        bus = self.run(["busctl", "--system", "call", "org.freedesktop.systemd1",
                        "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager",
                        "GetUnit", "s", TARGET], check=False)
        return bus.returncode == 0

    def _record(self) -> InstanceRecord:
        instance = self._instance
        return InstanceRecord(
            instance_id=self.instance_id, name=self.name,
            pid1=instance.pid1 if instance else 0,
            pid1_start=instance.pid1_start if instance else 0,
            cgroup=str(self.cgroup.path),
            owner_pid=os.getpid(), owner_start=process_start_time(os.getpid()),
            pid_file=self._pid_file)

    def write_pid_file(self, path: str | os.PathLike) -> None:
        """Writes PID 1's host pid to path, for scripts; a later sweep of a
        sandbox that is gone removes the file too."""
        Path(path).write_text(f"{self.pid1}\n", encoding="ascii")
        self._pid_file = str(path)
        self._record().save(self.workdir)

    @property
    def is_running(self) -> bool:
        return self._instance is not None and self._instance.alive()

    @property
    def is_frozen(self) -> bool:
        """Running but frozen (freeze()): it answers nothing."""
        return self.is_running and self.cgroup.is_frozen()

    @property
    def pid1(self) -> int:
        """Host pid of the sandbox's systemd."""
        if self._instance is None:
            raise SandboxError(f"sandbox {self.instance_id} is not running")
        return self._instance.pid1

    @property
    def exit_fd(self) -> int:
        """Polls readable (select/poll) once PID 1 exits by itself, so an owner
        can wait for a reboot or power-off together with other events; -1 when
        not running. Call wait_exit() afterwards to reap it."""
        return self._instance.exit_fd if self._instance is not None else -1

    def stop(self, timeout: float = 10) -> None:
        """SIGKILL to PID 1 from outside: every process inside dies with it."""
        if self._instance is not None:
            self._end(self._instance.kill(timeout))

    def freeze(self, frozen: bool = True) -> None:
        """Freezes every process of the running sandbox at once (systemd, the
        bus, every service: a hung host), or thaws it with frozen=False.
        run() and everything else that needs the sandbox to answer blocks
        while it is frozen; stop() still works, and a later boot starts in a
        fresh cgroup, so it is never frozen."""
        if not self.is_running:
            raise SandboxError(f"sandbox {self.instance_id} is not running")
        self.cgroup.freeze(frozen)

    def wait_exit(self, timeout: float = 60) -> int | None:
        """For a sandbox that powers off or reboots by itself: waits for PID 1
        to exit and returns the status; exit_reason(status) names it."""
        if self._instance is None:
            return self.last_exit_status
        return self._end(self._instance.wait_exit(timeout))

    def _end(self, status: int | None) -> int | None:
        self.last_exit_status = status
        _live_instances.discard(self._instance)
        self._instance = None
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        return status

    def close(self) -> None:
        """stop() and remove the work dir (PGM_SANDBOX_KEEP=1 keeps it)."""
        self.stop()
        if os.environ.get("PGM_SANDBOX_KEEP") != "1":
            self.workdir.remove()

    def __enter__(self) -> "Sandbox":
        if not self.is_running:
            self.boot()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- inside -------------------------------------------------------------------

    def run(self, args: Sequence[str], check: bool = True, timeout: float = 30,
            input: str | None = None, env: Mapping[str, str] | None = None
            ) -> subprocess.CompletedProcess:
        """Runs a command in all namespaces of the sandbox (text in and out).

        On timeout the command is left to die with the sandbox: nsenter is
        killed, but what it started is already inside the PID namespace.
        """
        if isinstance(args, str):
            raise TypeError("args must be a sequence of strings, not a string")
        command = [NSENTER, "-t", str(self.pid1), "-a", "--", *args]
        try:
            result = subprocess.run(command, env={**SANDBOX_ENV, **(env or {})}, input=input,
                                    capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as error:
            raise SandboxTimeout(f"{list(args)} did not finish within {timeout:g}s "
                                 f"in sandbox {self.instance_id}") from error
        if check and result.returncode != 0:
            raise SandboxCommandError(result.returncode, list(args), result.stdout, result.stderr)
        return result

    def wait_for(self, predicate: Callable[[], T], timeout: float, what: str,
                 interval: float = DEFAULT_INTERVAL) -> T:
        return wait_for(predicate, timeout, what, interval)

    def unit_property(self, unit: str, prop: str) -> str:
        return self.run(["systemctl", "show", "-P", prop, "--", unit]).stdout.rstrip("\n")

    def main_pid(self, unit: str) -> int:
        """MainPID of unit as seen inside the sandbox (0 when none)."""
        return int(self.unit_property(unit, "MainPID"))

    def wait_for_unit_state(self, unit: str, state: str, timeout: float = 10) -> None:
        """Polls ActiveState of unit until it equals state."""
        seen = []

        def reached() -> bool:
            seen.append(self.unit_property(unit, "ActiveState"))
            return seen[-1] == state

        try:
            self.wait_for(reached, timeout, f"{unit} to become {state}")
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}; {unit} was {seen[-1]!r}") from None

    def failed_units(self) -> list[str]:
        out = self.run(["systemctl", "list-units", "--failed", "--plain", "--no-legend",
                        "--full"]).stdout
        return [line.split()[0] for line in out.splitlines() if line.strip()]

    def read_file(self, path: str) -> str:
        return self.run(["cat", "--", path]).stdout

    def write_file(self, path: str, text: str) -> None:
        self.run(["sh", "-c", 'cat >"$1"', "sh", path], input=text)

    def journal(self, unit: str | None = None, extra_args: Sequence[str] = ()) -> str:
        """journalctl output from inside (journald runs in every sandbox)."""
        args = ["journalctl", "--no-pager"]
        if unit is not None:
            args += ["-u", unit]
        return self.run([*args, *extra_args]).stdout


def stop_instance(instance_id: str, timeout: float = 10) -> bool:
    """Stops a sandbox that another process booted (the CLI's `boot`) and
    removes its work dir and pid file. False if there was no such sandbox."""
    workdir = WorkDir(runtime_dir() / instance_id)
    record = InstanceRecord.load(workdir)
    if record is None:
        return False
    cgroup = SandboxCgroup(Path(record.cgroup))
    instance = BootedInstance.attach(cgroup, workdir, record.pid1, record.pid1_start)
    if instance is not None:
        instance.kill(timeout)
    else:
        cgroup.kill_all()
        cgroup.remove(timeout)
    if record.pid_file:
        Path(record.pid_file).unlink(missing_ok=True)
    workdir.remove()
    return True


def running_pid1(instance_id: str) -> int | None:
    """Host pid of PID 1 of a running sandbox, by instance id; None if none."""
    record = InstanceRecord.load(WorkDir(runtime_dir() / instance_id))
    if record is None or not record.pid1_alive():
        return None
    return record.pid1
