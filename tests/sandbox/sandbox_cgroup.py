"""The host-side cgroup2 directory that a sandbox's systemd owns.

Each sandbox enters a cgroup of its own before it makes its cgroup namespace,
so its systemd sees that directory as the root of the hierarchy. Without it
two sandboxes (or a sandbox and the host) would share /system.slice and kill
each other's services.
"""

import errno
import os
import signal
from pathlib import Path

from sandbox_errors import SandboxError
from sandbox_poll import wait_for

CGROUP_PREFIX = "pgm-sandbox."


def _unescape_mountinfo(field: str) -> str:
    # mountinfo escapes space, tab, newline and backslash as \ooo.
    out, i = [], 0
    while i < len(field):
        code = field[i + 1:i + 4]
        if field[i] == "\\" and len(code) == 3 and code.isdigit():
            out.append(chr(int(code, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def find_cgroup2_mount() -> tuple[Path, str] | None:
    """Returns (mount point, hierarchy path shown at that mount) of a cgroup2
    mount visible to this process, or None when cgroup2 is not mounted."""
    with open("/proc/self/mountinfo", encoding="utf-8") as mountinfo:
        for line in mountinfo:
            fields = line.split()
            separator = fields.index("-")
            if fields[separator + 1] == "cgroup2":
                return Path(_unescape_mountinfo(fields[4])), _unescape_mountinfo(fields[3])
    return None


def own_cgroup2_dir() -> Path:
    """Directory of this process's own cgroup in the cgroup2 hierarchy."""
    found = find_cgroup2_mount()
    if found is None:
        raise SandboxError("no cgroup2 hierarchy is mounted on this host")
    mount_point, mount_root = found
    with open("/proc/self/cgroup", encoding="utf-8") as cgroups:
        own = next((line[3:].rstrip("\n") for line in cgroups if line.startswith("0::")), None)
    if own is None:
        raise SandboxError("this process is not in the cgroup2 hierarchy")
    relative = os.path.relpath(own, mount_root)
    if relative.startswith(".."):
        raise SandboxError(f"own cgroup {own} is outside the cgroup2 mount at {mount_point}")
    return (mount_point / relative).resolve()


class SandboxCgroup:
    """A sandbox's cgroup directory on the host."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def for_instance(cls, instance_id: str) -> "SandboxCgroup":
        """Below this process's own cgroup: a sandbox stays inside whatever
        limits the caller runs under."""
        return cls(own_cgroup2_dir() / f"{CGROUP_PREFIX}{instance_id}")

    def create(self) -> None:
        self.path.mkdir(exist_ok=True)

    def exists(self) -> bool:
        return self.path.is_dir()

    def is_populated(self) -> bool:
        try:
            events = (self.path / "cgroup.events").read_text(encoding="ascii")
        except FileNotFoundError:
            return False
        return "populated 1" in events

    def is_frozen(self) -> bool:
        try:
            events = (self.path / "cgroup.events").read_text(encoding="ascii")
        except FileNotFoundError:
            return False
        return "frozen 1" in events.splitlines()

    def freeze(self, frozen: bool = True, timeout: float = 10.0) -> None:
        """Freezes (or thaws) every process of the subtree through the cgroup2
        freezer, as a hung kernel would stop them all at once, and returns
        once the kernel says it is done. A fatal signal still kills a frozen
        process, so stop() works on a frozen sandbox."""
        freeze_file = self.path / "cgroup.freeze"
        if not freeze_file.exists():
            raise SandboxError(f"cgroup {self.path} has no freezer (cgroup.freeze)")
        freeze_file.write_text("1" if frozen else "0", encoding="ascii")
        want = f"frozen {1 if frozen else 0}"
        wait_for(lambda: want in (self.path / "cgroup.events").read_text(encoding="ascii").splitlines(),
                 timeout, f"cgroup {self.path} to report {want}", interval=0.005)

    def kill_all(self) -> None:
        """SIGKILLs every process left in the subtree (normally none: they die
        with the PID namespace)."""
        if not self.exists():
            return
        kill_file = self.path / "cgroup.kill"
        if kill_file.exists():
            kill_file.write_text("1", encoding="ascii")
            return
        for procs in self.path.rglob("cgroup.procs"):
            for pid in procs.read_text(encoding="ascii").split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def remove(self, timeout: float = 10.0) -> None:
        """Removes the subtree once its last process is gone."""
        wait_for(self._try_remove, timeout, f"cgroup {self.path} to become removable")

    def _try_remove(self) -> bool:
        if not self.exists():
            return True
        if self.is_populated():
            return False
        # Deepest directories first; a cgroup with children cannot be removed.
        for directory, _, _ in sorted(os.walk(self.path), key=lambda entry: -len(entry[0])):
            try:
                os.rmdir(directory)
            except OSError as error:
                if error.errno == errno.EBUSY:
                    return False  # a process is still on its way out
                if error.errno != errno.ENOENT:
                    raise SandboxError(f"cannot remove cgroup {directory}: {error}") from error
        return True
