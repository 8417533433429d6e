"""Host side of the heartbeat peer: tick_peer.py runs in the rig's sandbox,
and its ticks travel the way pgmd's heartbeats do, so both are stamped at
the same point.

    pgmd (sandbox) -> pty -> icd-fault-proxy --log  -> pgm-icd
    tick_peer.py (sandbox, same slice) -> pty -> icd-fault-proxy --log -> drained

The peer's proxy is a second instance of the same program with the same
options, and the peer's end of its line is passed to it as stdout (the
sandbox has a /dev of its own, so the line cannot be opened by name inside).
The peer runs as a transient service (`systemd-run --pipe`) beside
pgmd.service: same slice, same defaults, and a session of its own, so that
it competes for the CPUs as pgmd does (with autogroup scheduling, CFS shares
the CPUs between sessions first)."""

import json
import os
import select
import subprocess
import threading
from pathlib import Path

import proc_view
from icd_frames import TO_BOARD, arrivals, read_frames

TICK_PEER = Path(__file__).resolve().parent / "tick_peer.py"
UNIT = "bench-tick-peer.service"


class PeerLine:
    def __init__(self, fault_proxy_class, sandbox, nsenter: str, sandbox_env: dict, workdir: Path,
                 interval_ms: float, frame_bytes: int):
        workdir.mkdir()
        self._workdir = workdir
        self.woke: list[float] = []
        self._sandbox = sandbox
        self.proc: subprocess.Popen | None = None
        self._board_end = -1
        self._drain: threading.Thread | None = None
        self._stop_drain = threading.Event()
        self._stderr = open(workdir / "tick-peer.stderr", "w+")
        # Same program, no faults: the line is as clean as pgmd's.
        self.proxy = fault_proxy_class(workdir, seed=1, log=True)
        try:
            self._start(sandbox, nsenter, sandbox_env, interval_ms, frame_bytes)
        except BaseException:
            self.stop()
            raise

    def _start(self, sandbox, nsenter: str, sandbox_env: dict, interval_ms: float, frame_bytes: int) -> None:
        # Read what reaches the far side, as pgm-icd does on pgmd's line, so
        # that the proxy's writes never meet a full buffer.
        self._board_end = os.open(self.proxy.board_link, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        self._drain = threading.Thread(target=self._drain_board_end, name="peer-line-drain", daemon=True)
        self._drain.start()
        host_end = os.open(self.proxy.host_link, os.O_WRONLY | os.O_NOCTTY)
        try:
            self.proc = subprocess.Popen(
                [nsenter, "-t", str(sandbox.pid1), "-a", "--", "systemd-run", "--pipe", "--quiet", "--collect",
                 f"--unit={UNIT}", "/usr/bin/python3", "-B", str(TICK_PEER),
                 "--interval-ms", str(interval_ms), "--frame-bytes", str(frame_bytes)],
                stdin=subprocess.PIPE, stdout=host_end, stderr=self._stderr, env=sandbox_env)
        finally:
            os.close(host_end)

    def _drain_board_end(self) -> None:
        while not self._stop_drain.is_set():
            # The timeout only bounds how long stop() waits for this thread.
            readable, _, _ = select.select([self._board_end], [], [], 0.2)
            if readable:
                try:
                    os.read(self._board_end, 4096)
                except BlockingIOError:
                    pass

    def host_pid(self) -> int:
        """The peer's pid as the host sees it, once it runs."""
        return proc_view.host_pid(self._sandbox, UNIT)

    def arrivals(self) -> list[float]:
        """When each tick reached the peer's proxy (CLOCK_MONOTONIC seconds)."""
        return arrivals(read_frames(self.proxy.log_path), TO_BOARD)

    def stop(self) -> None:
        """Ends the peer (closing its stdin), collects its own wake-up times,
        stops its proxy. Safe to call more than once."""
        if self.proc is not None:
            self._end_peer()
        if not self._stderr.closed:
            self._stderr.seek(0)
            for line in self._stderr.read().splitlines():
                if line.startswith("{"):
                    self.woke = [ns / 1e9 for ns in json.loads(line)["woke_ns"]]
            self._stderr.close()
        self._stop_drain.set()
        if self._drain is not None:
            self._drain.join(5)
            self._drain = None
        if self._board_end >= 0:
            os.close(self._board_end)
            self._board_end = -1
        self.proxy.stop()

    def _end_peer(self) -> None:
        if not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            # systemd runs the peer; killing systemd-run or nsenter would leave it.
            if self._sandbox.is_running:
                self._sandbox.run(["systemctl", "kill", "--signal=SIGKILL", UNIT], check=False)
            self.proc.kill()
            self.proc.wait()

    def error_output(self) -> str:
        path = self._workdir / "tick-peer.stderr"
        return path.read_text() if path.exists() else ""
