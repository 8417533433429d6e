"""One boot of a sandbox: the unshare process, the systemd that is PID 1 of
its namespaces, and its cgroup. Knows how to start, find, kill and reap them;
knows nothing about units or commands."""

import ctypes
import os
import select
import signal
import subprocess
from pathlib import Path

from sandbox_cgroup import SandboxCgroup
from sandbox_errors import SandboxError, SandboxTimeout
from sandbox_layout import WorkDir
from sandbox_poll import wait_for
from sandbox_record import process_start_time

INIT_SCRIPT = Path(__file__).resolve().with_name("sandbox-init.sh")
HOST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int):
    """preexec_fn making the child get SIGKILL when its parent thread dies.

    With unshare's --kill-child this chains on to PID 1: a test killed
    outright (meson's timeout, SIGKILL) still leaves no sandbox running.
    """
    libc = ctypes.CDLL(None, use_errno=True)  # loaded before fork, not in the child

    def preexec() -> None:
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            os._exit(126)
        if os.getppid() != parent_pid:  # parent died before prctl took effect
            os._exit(126)

    return preexec


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
    except FileNotFoundError:
        return []
    return [int(child) for child in text.split()]


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""


class BootedInstance:
    def __init__(self, cgroup: SandboxCgroup, workdir: WorkDir,
                 proc: subprocess.Popen | None, pid1: int, pidfd: int):
        self.cgroup = cgroup
        self.workdir = workdir
        self.proc = proc  # None when attached to a sandbox another process started
        self.pid1 = pid1
        self.pid1_start = process_start_time(pid1)
        self._pidfd = pidfd
        self.exit_status: int | None = None

    # -- starting -------------------------------------------------------------

    @classmethod
    def launch(cls, workdir: WorkDir, cgroup: SandboxCgroup, env: dict[str, str],
               netns: str | None, detach: bool, timeout: float) -> "BootedInstance":
        """Starts the namespaces and returns once systemd has been exec'd as
        their PID 1 (not yet once it has booted)."""
        # bash for the first stage: it closes the cgroup descriptor, whose
        # number may have two digits, which dash's redirections cannot name.
        argv = ["unshare", "--pid", "--kill-child", "--mount", "--uts", "--ipc",
                "--mount-proc", "--", "/bin/bash", str(INIT_SCRIPT)]
        if netns is not None:
            argv = ["ip", "netns", "exec", netns, *argv]
        cgroup_procs = os.open(cgroup.path / "cgroup.procs", os.O_WRONLY | os.O_CLOEXEC)
        try:
            with open(workdir.console_log, "ab") as console:
                proc = subprocess.Popen(
                    argv, env={"PATH": HOST_PATH, "PGM_SB_CGROUP_FD": str(cgroup_procs), **env},
                    stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT,
                    pass_fds=(cgroup_procs,),
                    # A terminal's Ctrl-C must not reach systemd: SIGINT to
                    # PID 1 means ctrl-alt-del, i.e. a reboot.
                    start_new_session=True,
                    preexec_fn=None if detach else _die_with_parent(os.getpid()))
        finally:
            os.close(cgroup_procs)
        try:
            pid1 = wait_for(lambda: cls._systemd_child(proc, workdir), timeout,
                            "systemd to become PID 1 of the sandbox")
            pidfd = os.pidfd_open(pid1)
            if pid1 not in _children(proc.pid):
                raise SandboxError("sandbox PID 1 exited while being looked up")
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        return cls(cgroup, workdir, proc, pid1, pidfd)

    @staticmethod
    def _systemd_child(proc: subprocess.Popen, workdir: WorkDir) -> int | None:
        if proc.poll() is not None:
            raise SandboxError(
                f"sandbox init exited with status {proc.returncode} before systemd ran:\n"
                f"{workdir.console_tail()}")
        for child in _children(proc.pid):
            # The init script exec's systemd in place, so PID 1 keeps its pid
            # and only its command name tells that setup is over.
            if _comm(child) == "systemd":
                return child
        return None

    @classmethod
    def attach(cls, cgroup: SandboxCgroup, workdir: WorkDir,
               pid1: int, pid1_start: int) -> "BootedInstance | None":
        """The running instance another process started, None if it is gone."""
        if pid1 <= 0:
            return None
        try:
            pidfd = os.pidfd_open(pid1)
        except ProcessLookupError:
            return None
        if process_start_time(pid1) != pid1_start:
            os.close(pidfd)
            return None
        return cls(cgroup, workdir, None, pid1, pidfd)

    # -- observing ------------------------------------------------------------

    def alive(self) -> bool:
        return self._pidfd >= 0 and not self._pid1_exited(0)

    @property
    def exit_fd(self) -> int:
        """A descriptor that polls readable once PID 1 has exited; -1 when reaped."""
        return self._pidfd

    def _pid1_exited(self, timeout: float) -> bool:
        poller = select.poll()
        poller.register(self._pidfd, select.POLLIN)
        return bool(poller.poll(max(0, int(timeout * 1000))))

    # -- ending ---------------------------------------------------------------

    def kill(self, timeout: float = 10.0) -> int | None:
        """SIGKILL to PID 1 from outside (it ends every process inside), then
        reap and remove the cgroup."""
        if self._pidfd >= 0:
            try:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return self.wait_exit(timeout)

    def wait_exit(self, timeout: float) -> int | None:
        """Waits for PID 1 to exit by itself (poweroff, reboot) and cleans up.

        Returns unshare's exit status as subprocess reports it: unshare dies of
        the signal that ended PID 1, and the kernel ends a namespace's init
        with SIGHUP on reboot and SIGINT on halt or poweroff. None when this
        process did not start the sandbox.
        """
        if self._pidfd >= 0:
            if not self._pid1_exited(timeout):
                raise SandboxTimeout(f"timed out after {timeout:g}s waiting for sandbox PID 1 "
                                     f"({self.pid1}) to exit")
            os.close(self._pidfd)
            self._pidfd = -1
        if self.proc is not None and self.exit_status is None:
            try:
                self.exit_status = self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.exit_status = self.proc.wait()
        self.cgroup.kill_all()
        self.cgroup.remove(timeout)
        return self.exit_status


def exit_reason(status: int | None) -> str:
    """Names what ended a sandbox from the status wait_exit returned."""
    reasons = {-signal.SIGHUP: "reboot", -signal.SIGINT: "poweroff",
               -signal.SIGKILL: "killed"}
    if status is None:
        return "unknown"
    return reasons.get(status, f"exit status {status}")
