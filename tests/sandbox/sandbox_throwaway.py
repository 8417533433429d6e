"""A throwaway root for installing packages "for real" without touching the
host: an overlay whose lower layer is the host's root file system and whose
upper layer lives on a tmpfs mounted on a fresh temporary directory, all in a
private mount namespace of the calling process. Boot a sandbox on it with
Sandbox(..., root=throwaway.path); the sandbox inherits the namespace.

    enter_private_mount_namespace()        # once, from the main thread
    with ThrowawayRoot() as throwaway:
        subprocess.run(["rpm", "--root", str(throwaway.path), ...])
        with Sandbox("pkg", root=throwaway.path) as sb:
            sb.run(["dpkg", "-i", ...])

Everything written into it (by dpkg, rpm, or the sandbox's systemd) lands in
the tmpfs and vanishes with it. The host's mount table never changes: the
mounts exist only in the private namespace, which the kernel tears down when
this process and its sandboxes are gone, even after SIGKILL. close() unmounts
and removes the (then empty) temporary directory.

Lower layer: the root file system only. Other file systems mounted on the
host (/proc, /sys, /dev, a separate /tmp or /run) are not part of it; the
sandbox mounts its own there, and with_host_devices() lends a chroot-style
user (rpm --root's scriptlets) the host's /dev and a /proc meanwhile.
"""

import contextlib
import ctypes
import os
import subprocess
import tempfile
from pathlib import Path

from sandbox_errors import SandboxError

CLONE_NEWNS = 0x00020000


# The mount namespace this process started in (the host's, as far as this
# module knows), recorded before it leaves it.
_original_namespace = os.readlink("/proc/self/ns/mnt")


def in_private_mount_namespace() -> bool:
    """True once enter_private_mount_namespace() moved this thread out of
    the namespace the process started in."""
    return os.readlink("/proc/self/ns/mnt") != _original_namespace


def enter_private_mount_namespace() -> None:
    """Moves the calling thread (call it from the main thread, before any
    other thread starts) into a new mount namespace whose mounts do not
    propagate back to the host's."""
    if in_private_mount_namespace():
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNS) != 0:
        error = ctypes.get_errno()
        raise SandboxError(f"unshare(CLONE_NEWNS): {os.strerror(error)}")
    subprocess.run(["mount", "--make-rprivate", "/"], check=True)


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise SandboxError(f"mount {' '.join(args)}: {result.stderr.strip()}")


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-R", "-l", str(path)], capture_output=True)


class ThrowawayRoot:
    def __init__(self, size: str = "4g", parent: str | os.PathLike | None = None):
        if not in_private_mount_namespace():
            raise SandboxError("a throwaway root needs a private mount namespace: "
                               "call enter_private_mount_namespace() first")
        self.dir = Path(tempfile.mkdtemp(prefix="pgm-throwaway-root.", dir=parent))
        self._mounted: list[Path] = []
        try:
            # The upper layer cannot sit on the root file system itself
            # (overlayfs refuses an upper layer inside its lower one): a tmpfs.
            _mount("-t", "tmpfs", "-o", f"mode=0755,size={size}", "pgm-throwaway", str(self.dir))
            self._mounted.append(self.dir)
            for sub in ("upper", "work", "root"):
                (self.dir / sub).mkdir()
            _mount("-t", "overlay", "-o",
                   f"lowerdir=/,upperdir={self.dir}/upper,workdir={self.dir}/work",
                   "pgm-throwaway-root", str(self.path))
            self._mounted.append(self.path)
        except BaseException:
            self.close()
            raise

    @property
    def path(self) -> Path:
        """The merged root: the host's root file system as modified inside."""
        return self.dir / "root"

    @property
    def upper(self) -> Path:
        """What was changed: new and modified files, whiteouts for removed ones."""
        return self.dir / "upper"

    @contextlib.contextmanager
    def with_host_devices(self):
        """The host's /dev and a fresh /proc in the root for a while (rpm
        --root runs scriptlets chrooted there, and they write to /dev/null)."""
        mounted = []
        try:
            _mount("--rbind", "/dev", str(self.path / "dev"))
            mounted.append(self.path / "dev")
            _mount("-t", "proc", "proc", str(self.path / "proc"))
            mounted.append(self.path / "proc")
            yield self
        finally:
            for path in reversed(mounted):
                _umount(path)

    def close(self) -> None:
        for path in reversed(self._mounted):
            _umount(path)
        self._mounted.clear()
        with contextlib.suppress(OSError):
            self.dir.rmdir()

    def __enter__(self) -> "ThrowawayRoot":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
