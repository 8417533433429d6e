"""A long-running process inside a sandbox (a bus client, `pgmctl watch`),
whose output lines the test reads while it runs.

    proc = InsideProcess(node.sandbox, ["pgmctl", "watch", "--json"])
    proc.wait_line(lambda line: "app" in line, 10, "a line about app")
    proc.signal(signal.SIGTERM)
    assert proc.wait(10) == 0
"""

import os
import signal
import subprocess
import threading
from typing import Callable, Sequence

from sandbox import NSENTER, SANDBOX_ENV, Sandbox, SandboxTimeout, wait_for


def inside_pids(nsenter: subprocess.Popen) -> list[int]:
    """Host pids of what `nsenter -a` runs in the sandbox (its children); []
    once nsenter has gone."""
    try:
        with open(f"/proc/{nsenter.pid}/task/{nsenter.pid}/children") as f:
            return [int(pid) for pid in f.read().split()]
    except OSError:
        return []


def end_inside(nsenter: subprocess.Popen) -> None:
    """Ends a command started through nsenter, and nsenter, by pid; reaps
    nsenter. Killing nsenter alone would leave the command running inside."""
    # Until nsenter is reaped its pid, and so its children's list, is ours.
    if nsenter.poll() is None:
        for pid in inside_pids(nsenter):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        nsenter.kill()
    nsenter.wait()


class InsideProcess:
    def __init__(self, sandbox: Sandbox, args: Sequence[str], with_stdin: bool = False):
        # nsenter -a forks: the command runs as nsenter's child in the
        # sandbox's pid namespace, and nsenter exits with the child's status.
        self.proc = subprocess.Popen(
            [NSENTER, "-t", str(sandbox.pid1), "-a", "--", *args], env=SANDBOX_ENV,
            stdin=subprocess.PIPE if with_stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        self.args = list(args)
        self._lines: list[str] = []
        self._stderr: list[str] = []
        self._lock = threading.Lock()
        self._readers = [threading.Thread(target=self._read, args=(self.proc.stdout, self._lines), daemon=True),
                         threading.Thread(target=self._read, args=(self.proc.stderr, self._stderr), daemon=True)]
        for reader in self._readers:
            reader.start()

    def _read(self, stream, sink: list[str]) -> None:
        for line in stream:
            with self._lock:
                sink.append(line.rstrip("\n"))

    # -- output -------------------------------------------------------------------

    def lines(self) -> list[str]:
        with self._lock:
            return list(self._lines)

    def stderr(self) -> str:
        with self._lock:
            return "\n".join(self._stderr)

    def wait_line(self, predicate: Callable[[str], object], timeout: float, what: str, since: int = 0):
        """The first line at or after position `since` for which predicate is
        true (returns the predicate's value); fails after timeout."""
        def found():
            for line in self.lines()[since:]:
                value = predicate(line)
                if value:
                    return value
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.args} exited with {self.proc.returncode} before {what}; "
                                     f"stdout: {self.lines()}; stderr: {self.stderr()}")
            return None
        try:
            return wait_for(found, timeout, what, interval=0.02)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}; output so far: {self.lines()}; stderr: {self.stderr()}") from None

    def write_line(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    # -- lifetime -----------------------------------------------------------------

    def inner_pid(self, timeout: float = 5) -> int:
        """Host pid of the command itself (nsenter's child)."""
        def child():
            pids = inside_pids(self.proc)
            return pids[0] if pids else None
        return wait_for(child, timeout, f"{self.args} to start inside the sandbox", interval=0.01)

    def signal(self, sig: int) -> None:
        os.kill(self.inner_pid(), sig)

    def close_stdin(self) -> None:
        if self.proc.stdin and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass  # it is gone already: that is what closing asked for

    def wait(self, timeout: float) -> int:
        """The exit status (as nsenter passes it on); the output is complete then."""
        status = self.proc.wait(timeout)
        for reader in self._readers:
            reader.join(timeout=5)
        return status

    def close(self) -> None:
        """Ends the command and nsenter, by pid, if they still run."""
        end_inside(self.proc)
        self.close_stdin()
        for reader in self._readers:
            reader.join(timeout=5)
        if not any(reader.is_alive() for reader in self._readers):
            self.proc.stdout.close()
            self.proc.stderr.close()

    def __enter__(self) -> "InsideProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
