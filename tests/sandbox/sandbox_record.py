"""What a running sandbox leaves on disk, so that another process (the CLI's
`stop`, or a later harness cleaning up after a crashed one) can find it."""

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from sandbox_cgroup import SandboxCgroup
from sandbox_errors import SandboxError
from sandbox_layout import WorkDir, runtime_dir


def process_start_time(pid: int) -> int | None:
    """Start time of pid in clock ticks since boot, None if there is no such
    process. Together with the pid it names one process, even after pid reuse."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return None
    # Field 22; the command name (field 2) may itself contain spaces and ')'.
    return int(stat[stat.rindex(")") + 2:].split()[19])


def process_is(pid: int, start_time: int) -> bool:
    return pid > 0 and process_start_time(pid) == start_time


@dataclass
class InstanceRecord:
    instance_id: str
    name: str
    pid1: int
    pid1_start: int
    cgroup: str
    owner_pid: int
    owner_start: int
    pid_file: str | None = None

    def save(self, workdir: WorkDir) -> None:
        temporary = workdir.record_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        temporary.replace(workdir.record_file)

    @classmethod
    def load(cls, workdir: WorkDir) -> "InstanceRecord | None":
        try:
            return cls(**json.loads(workdir.record_file.read_text(encoding="utf-8")))
        except (FileNotFoundError, ValueError, TypeError):
            return None

    def pid1_alive(self) -> bool:
        return process_is(self.pid1, self.pid1_start)

    def owner_alive(self) -> bool:
        return process_is(self.owner_pid, self.owner_start)


def sweep_stale() -> None:
    """Removes work dirs, cgroups and pid files of sandboxes whose PID 1 and
    owning process are both gone (the owner was killed before it could clean
    up). The sandboxes' processes died with their owner already; only these
    leftovers remain."""
    base = runtime_dir()
    if not base.is_dir():
        return
    for entry in base.iterdir():
        workdir = WorkDir(entry)
        record = InstanceRecord.load(workdir) if entry.is_dir() else None
        if record is None or record.pid1_alive() or record.owner_alive():
            continue
        cgroup = SandboxCgroup(Path(record.cgroup))
        if cgroup.is_populated():
            continue
        try:
            cgroup.remove(timeout=1)
        except (SandboxError, OSError):  # a concurrent sweeper won the race
            continue
        if record.pid_file:
            try:
                os.unlink(record.pid_file)
            except FileNotFoundError:
                pass
        workdir.remove()
