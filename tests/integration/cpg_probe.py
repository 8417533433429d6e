"""cpg-probe (tests/integration/cluster) inside one host of a ClusterRig: the
real corosync adapter, whose events the test reads as JSON lines.

    probe = CpgProbe(rig, "n1")
    probe.wait("joined", timeout=10)
    probe.send("hello")
    probe.wait("message", lambda e: e["text"] == "hello", 5)
"""

import json
import os
import signal
import time
from pathlib import Path
from typing import Callable

from inside_process import InsideProcess
from pgmd_node import BUILD_DIR
from sandbox import SandboxTimeout, wait_for

PROBE_DIR = BUILD_DIR / "tests" / "integration" / "cluster"
PROBE_DIR_INSIDE = "/run/pgmd-test/cluster"
GROUP = "pgmd-test"


def probe_binds() -> list[tuple]:
    """What a ClusterRig must bind for CpgProbe to run in its hosts."""
    probe = PROBE_DIR / "cpg-probe"
    if not probe.exists():
        raise FileNotFoundError(f"{probe} is not built (set PGMD_BUILD_DIR)")
    return [(PROBE_DIR, PROBE_DIR_INSIDE, "ro")]


def seconds(event: dict) -> float:
    """The event's CLOCK_MONOTONIC stamp, comparable with time.monotonic()."""
    return event["t_us"] / 1e6


class CpgProbe:
    def __init__(self, rig, host: str, link_refresh_ms: int = 200):
        self.host = host
        self.process = InsideProcess(rig.sandbox(host),
                                     [f"{PROBE_DIR_INSIDE}/cpg-probe", GROUP, str(link_refresh_ms)],
                                     with_stdin=True)

    def events(self, since: int = 0) -> list[dict]:
        return [json.loads(line) for line in self.process.lines()[since:]]

    def mark(self) -> int:
        """A position in the output, for wait(since=...)."""
        return len(self.process.lines())

    def wait(self, kind: str, predicate: Callable[[dict], bool] = lambda e: True,
             timeout: float = 10, since: int = 0, what: str = "") -> dict:
        """The first event of `kind` at or after `since` that satisfies predicate."""
        def match(line: str):
            event = json.loads(line)
            return event if event["event"] == kind and predicate(event) else None
        return self.process.wait_line(match, timeout, what or f"{kind} at {self.host}", since)

    def messages(self) -> list[tuple[int, str]]:
        return [(e["from"], e["text"]) for e in self.events() if e["event"] == "message"]

    def wait_messages(self, count: int, timeout: float = 10) -> list[tuple[int, str]]:
        try:
            return wait_for(lambda: len(self.messages()) >= count and self.messages(), timeout,
                            f"{count} messages at {self.host}", interval=0.02)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}; events: {self.events()}; stderr: {self.process.stderr()}") from None

    def send(self, text: str) -> None:
        self.process.write_line(text)

    def kill(self) -> float:
        """SIGKILL to the probe; returns when it was sent (time.monotonic())."""
        pid = self.process.inner_pid()
        sent = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        return sent

    def close(self) -> None:
        self.process.close()
