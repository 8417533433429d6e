"""A sandbox's work dir on the host: everything its init script mounts.

Layout of <runtime dir>/<instance id>/:
    root/           mount point where the sandbox's root is composed
    scratch/        mount point for the tmpfs that backs the /etc and /var overlays
    units/          the test's units, when given as a dict (bound on /etc/systemd/system)
    harness-units/  pgm-sandbox.target and masks (copied to /run/systemd/system)
    dbus-system.d/  host D-Bus policies plus the test's (bound on /etc/dbus-1/system.d)
    binds           one bind per line: source TAB target TAB ro|rw
    console.log     output of the init script and of systemd before journald runs
    instance.json   the running instance (see sandbox_record.py)
"""

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from sandbox_errors import SandboxError

DEFAULT_RUNTIME_DIR = "/run/pgm-sandbox"
TARGET = "pgm-sandbox.target"
UNITS_DIR_INSIDE = "/etc/systemd/system"
DBUS_POLICY_DIR_INSIDE = "/etc/dbus-1/system.d"
STATE_DIR_INSIDE = "/var/lib/pgmd"
HOST_DBUS_POLICY_DIR = Path("/etc/dbus-1/system.d")
HOST_UNITS_DIR = Path("/etc/systemd/system")

# Mount points the init script makes private; a bind may go below them
# (creating missing directories there) but never replace them.
PRIVATE_TREES = ("/etc", "/var", "/run", "/tmp", "/dev")
PROTECTED_TARGETS = ("/", "/etc", "/var", "/run", "/tmp", "/var/tmp", "/var/log", "/dev")
FORBIDDEN_TREES = ("/proc", "/sys")

# Units from sysinit.target that would act on the host (kernel settings,
# modules, the root file system's superblock, global kernel file systems) or
# that manage an identity the harness sets itself.
MASKED_UNITS = (
    "systemd-sysctl.service",
    "systemd-binfmt.service",
    "proc-sys-fs-binfmt_misc.automount",
    "proc-sys-fs-binfmt_misc.mount",
    "systemd-modules-load.service",
    "kmod-static-nodes.service",
    "systemd-remount-fs.service",
    "dev-hugepages.mount",
    "sys-kernel-config.mount",
    "sys-kernel-debug.mount",
    "sys-kernel-tracing.mount",
    "sys-fs-fuse-connections.mount",
    "systemd-machine-id-commit.service",
    "systemd-firstboot.service",
)


def host_enabled_units() -> list[str]:
    """Units the host's administrator enabled (the *.wants/ and *.requires/
    links of the host's /etc/systemd/system), targets aside. A sandbox on a
    throwaway copy of the host's root masks them: its timers.target and
    sockets.target would otherwise start the host's apt-daily.timer and the
    like inside. Units a test installs there itself are not masked."""
    names = set()
    etc_units = HOST_UNITS_DIR
    if etc_units.is_dir():
        for deps in etc_units.iterdir():
            if deps.is_dir() and deps.name.endswith((".wants", ".requires")):
                names.update(link.name for link in deps.iterdir()
                             if not link.name.endswith(".target"))
    return sorted(names)


def runtime_dir() -> Path:
    """Host directory holding work dirs and the CLI's pid files."""
    return Path(os.environ.get("PGM_SANDBOX_RUNTIME_DIR", DEFAULT_RUNTIME_DIR))


def machine_id_for(instance_id: str) -> str:
    """Stable per instance (so it survives reboots) and distinct between
    sandboxes running side by side."""
    return hashlib.sha256(f"pgm-sandbox:{instance_id}".encode()).hexdigest()[:32]


def target_unit_text(start: Iterable[str]) -> str:
    wants = " ".join(["dbus.service", "systemd-journald.socket", "systemd-journald.service",
                      *start])
    return (
        "[Unit]\n"
        "Description=pgm sandbox: system bus, journal and the units under test\n"
        "Requires=dbus.socket\n"
        "After=dbus.socket\n"
        f"Wants={wants}\n"
    )


@dataclass(frozen=True)
class Bind:
    source: Path
    target: str
    read_only: bool = False


def _under(path: str, tree: str) -> bool:
    return path == tree or path.startswith(tree.rstrip("/") + "/")


def _check_line_safe(text: str, what: str) -> None:
    if "\t" in text or "\n" in text:
        raise SandboxError(f"{what} {text!r} contains a tab or a newline")


def validate_bind(bind: Bind, root: Path | None = None) -> Bind:
    """Checks a bind against the host's tree, or against root's for a sandbox
    booted on a throwaway root (the mount point is then made in root)."""
    target = bind.target
    if not target.startswith("/") or os.path.normpath(target) != target:
        raise SandboxError(f"bind target {target!r} must be an absolute, normalised path")
    if target in PROTECTED_TARGETS or any(_under(target, t) for t in FORBIDDEN_TREES):
        raise SandboxError(f"bind target {target} would replace the sandbox's own mounts")
    source = Path(bind.source).resolve()
    if not source.exists():
        raise SandboxError(f"bind source {source} does not exist")
    _check_line_safe(str(source), "bind source")
    _check_line_safe(target, "bind target")
    # An absolute symlink on the way (/var/run -> /run) would be followed on the
    # host while the mount point is prepared.
    base = str(root) if root is not None else ""
    prefix = ""
    for part in target.strip("/").split("/"):
        prefix += "/" + part
        if os.path.islink(base + prefix):
            raise SandboxError(f"bind target {target} passes through symlink {prefix}")
    if root is not None:
        return Bind(source, target, bind.read_only)
    if not os.path.exists(target) and not any(_under(target, t) for t in PRIVATE_TREES):
        raise SandboxError(
            f"bind target {target} does not exist; only below {', '.join(PRIVATE_TREES)} "
            "can the harness create it without touching the host")
    return Bind(source, target, bind.read_only)


def _validate_unit_path(relative: str) -> Path:
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise SandboxError(f"unit file name {relative!r} must be a relative path inside the unit dir")
    return path


class WorkDir:
    def __init__(self, path: Path):
        self.path = Path(path)

    root = property(lambda self: self.path / "root")
    scratch = property(lambda self: self.path / "scratch")
    units = property(lambda self: self.path / "units")
    harness_units = property(lambda self: self.path / "harness-units")
    dbus_policies = property(lambda self: self.path / "dbus-system.d")
    binds_file = property(lambda self: self.path / "binds")
    console_log = property(lambda self: self.path / "console.log")
    record_file = property(lambda self: self.path / "instance.json")

    def prepare(self, units: Mapping[str, str] | os.PathLike | str | None,
                start: Iterable[str], state_dir: os.PathLike | str | None,
                binds: Iterable[Bind], dbus_policies: Iterable[os.PathLike | str],
                root: os.PathLike | str | None = None) -> None:
        """Writes everything the init script reads. Raises SandboxError for
        arguments that cannot be honoured, before anything is booted.

        With root (a throwaway root of the caller's), the root's own
        /etc/systemd/system, D-Bus policies and /var/lib/pgmd are used, so
        units, dbus_policies and state_dir must not be given."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.root.mkdir(exist_ok=True)
        self.scratch.mkdir(exist_ok=True)
        extra_masks: list[str] = []
        if root is not None:
            root = Path(root).resolve()
            if units or list(dbus_policies) or state_dir is not None:
                raise SandboxError("a sandbox on its own root uses that root's units, D-Bus "
                                   "policies and state: units, dbus_policies and state_dir "
                                   "cannot be given")
            if root == Path("/") or not os.path.ismount(root):
                raise SandboxError(f"root {root} must be a mount point (an overlay or tmpfs), "
                                   "not the host's root")
            all_binds = []
            # getty.target (multi-user.target) would run console-getty on a
            # console that is /dev/null here.
            extra_masks = [*host_enabled_units(), "console-getty.service"]
        else:
            all_binds = [self._prepare_units(units), self._prepare_dbus_policies(dbus_policies)]
        if state_dir is not None:
            Path(state_dir).mkdir(parents=True, exist_ok=True)
            all_binds.append(Bind(Path(state_dir), STATE_DIR_INSIDE))
        all_binds.extend(binds)
        checked = [validate_bind(bind, root) for bind in all_binds]
        self._prepare_harness_units(start, extra_masks)
        self.binds_file.write_text(
            "".join(f"{b.source}\t{b.target}\t{'ro' if b.read_only else 'rw'}\n" for b in checked),
            encoding="utf-8")

    def _prepare_units(self, units) -> Bind:
        if units is None or isinstance(units, Mapping):
            shutil.rmtree(self.units, ignore_errors=True)
            self.units.mkdir()
            for relative, text in (units or {}).items():
                path = self.units / _validate_unit_path(relative)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            return Bind(self.units, UNITS_DIR_INSIDE)
        units_dir = Path(units)
        if not units_dir.is_dir():
            raise SandboxError(f"units directory {units_dir} does not exist")
        # Read-only: `systemctl enable` inside must not edit a source tree.
        return Bind(units_dir, UNITS_DIR_INSIDE, read_only=True)

    def _prepare_dbus_policies(self, policies) -> Bind:
        shutil.rmtree(self.dbus_policies, ignore_errors=True)
        if HOST_DBUS_POLICY_DIR.is_dir():
            shutil.copytree(HOST_DBUS_POLICY_DIR, self.dbus_policies, symlinks=True)
        else:
            self.dbus_policies.mkdir()
        for policy in policies:
            policy = Path(policy)
            if not policy.is_file():
                raise SandboxError(f"D-Bus policy file {policy} does not exist")
            shutil.copy(policy, self.dbus_policies / policy.name)
        return Bind(self.dbus_policies, DBUS_POLICY_DIR_INSIDE, read_only=True)

    def _prepare_harness_units(self, start: Iterable[str], extra_masks: Iterable[str] = ()) -> None:
        shutil.rmtree(self.harness_units, ignore_errors=True)
        self.harness_units.mkdir()
        start = list(start)
        for unit in start:
            if not unit or "/" in unit or any(c.isspace() for c in unit):
                raise SandboxError(f"invalid unit name to start: {unit!r}")
        (self.harness_units / TARGET).write_text(target_unit_text(start), encoding="utf-8")
        for unit in MASKED_UNITS:
            (self.harness_units / unit).symlink_to("/dev/null")
        for unit in extra_masks:
            mask = self.harness_units / unit
            if unit not in start and not mask.is_symlink():
                mask.symlink_to("/dev/null")

    def console_tail(self, lines: int = 40) -> str:
        try:
            text = self.console_log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no console output)"
        return "\n".join(text.splitlines()[-lines:])

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
