"""Can this machine boot a sandbox? Tests that need one skip cleanly where it
cannot (exit status 77 is meson's "skipped")."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sandbox_cgroup import find_cgroup2_mount

SKIP_EXIT_STATUS = 77
SYSTEMD = "/usr/lib/systemd/systemd"
REQUIRED_TOOLS = ("unshare", "nsenter", "mount", "umount", "mountpoint", "findmnt",
                  "pivot_root", "setpriv", "mknod", "systemctl", "busctl", "journalctl")
REQUIRED_UNITS = ("dbus.socket", "dbus.service", "systemd-journald.socket")
PROBE_TIMEOUT = 20

# Everything the init script needs from the kernel, tried in throwaway
# namespaces: a tmpfs-backed overlay and a fresh cgroup2 mount.
_PROBE_SCRIPT = """
set -e
mount --make-rprivate /
mount -t tmpfs pgm-sandbox-probe "$1"
mkdir "$1/lower" "$1/upper" "$1/work" "$1/merged" "$1/cgroup"
mount -t overlay -o "lowerdir=$1/lower,upperdir=$1/upper,workdir=$1/work" pgm-sandbox-probe "$1/merged"
mount -t cgroup2 cgroup2 "$1/cgroup"
"""


def _probe_namespaces() -> str | None:
    scratch = tempfile.mkdtemp(prefix="pgm-sandbox-probe-")
    try:
        probe = subprocess.run(
            ["unshare", "--pid", "--fork", "--mount", "--uts", "--ipc", "--cgroup", "--mount-proc",
             "--", "/bin/sh", "-c", _PROBE_SCRIPT, "probe", scratch],
            capture_output=True, text=True, timeout=PROBE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"namespace probe did not finish within {PROBE_TIMEOUT}s"
    finally:
        os.rmdir(scratch)  # the mounts lived in the probe's mount namespace only
    if probe.returncode != 0:
        return f"cannot set up namespaces and mounts: {probe.stderr.strip() or probe.returncode}"
    return None


def sandbox_unavailable_reason() -> str | None:
    """Why a sandbox cannot boot here, or None when it can."""
    if os.geteuid() != 0:
        return "needs root (namespaces, mounts, cgroups)"
    if not os.access(SYSTEMD, os.X_OK):
        return f"{SYSTEMD} is not installed"
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if missing:
        return f"missing tools: {', '.join(missing)}"
    missing = [unit for unit in REQUIRED_UNITS if not Path("/usr/lib/systemd/system", unit).exists()]
    if missing:
        return f"missing units: {', '.join(missing)}"
    if find_cgroup2_mount() is None:
        return "no cgroup2 hierarchy is mounted on the host"
    return _probe_namespaces()


def require_sandbox() -> None:
    """Exits with status 77 (skip), printing the reason, unless a sandbox can
    boot on this machine. Call it before anything else in a sandbox test."""
    reason = sandbox_unavailable_reason()
    if reason is not None:
        print(f"SKIP: cannot boot a systemd sandbox here: {reason}", flush=True)
        sys.exit(SKIP_EXIT_STATUS)
