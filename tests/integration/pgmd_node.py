"""A host running pgmd for integration tests, the demo and benchmarks: a
sandboxed systemd (tests/sandbox) with the given units, pgmd.service and the
org.pgmd1 bus policy, observed through D-Bus the way a user would.

    node = PgmdNode("node1", config={"groups.d/app.group": "..."}, units={...})
    with node:
        node.wait_state("app", "active")
        node.kill_main_pid("app.service")
"""

import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Mapping, Sequence

from inside_process import end_inside
from sandbox import NSENTER, SANDBOX_ENV, Sandbox, SandboxTimeout, wait_for

SOURCE_ROOT = Path(__file__).resolve().parents[2]
BUILD_DIR = Path(os.environ.get("PGMD_BUILD_DIR", SOURCE_ROOT / "build"))
BIN_INSIDE = "/run/pgmd-test/bin"
CONFIG_INSIDE = "/etc/pgmd"

MANAGER = ("/org/pgmd1", "org.pgmd1.Manager")
GROUP_IFACE = "org.pgmd1.Group"
RESOURCE_IFACE = "org.pgmd1.Resource"


def path_encode(prefix: str, name: str) -> str:
    """sd_bus_path_encode(prefix, name)."""
    out = []
    for i, ch in enumerate(name):
        if ch.isascii() and (ch.isalpha() or (ch.isdigit() and i > 0)):
            out.append(ch)
        else:
            out.append("_%02x" % ord(ch))
    return prefix + "/" + ("".join(out) if name else "_")


def group_path(name: str) -> str:
    return path_encode("/org/pgmd1/group", name)


def resource_path(name: str) -> str:
    return path_encode("/org/pgmd1/resource", name)


def pgmd_unit(watchdog: str = "30s", extra: str = "") -> str:
    return f"""[Unit]
Description=Process group manager (under test)
Wants=dbus.socket
After=dbus.socket

[Service]
Type=notify
ExecStart={BIN_INSIDE}/pgmd --config-dir={CONFIG_INSIDE}
WatchdogSec={watchdog}
Restart=always
RestartSec=100ms
{extra}
"""


def shipped_pgmd_unit() -> str:
    """units/pgmd.service as installed (rendered into the build directory),
    running the pgmd under test: every setting but the paths comes from the
    shipped file, so tests of its restart policy cannot drift from it."""
    shipped = (BUILD_DIR / "units" / "pgmd.service").read_text()
    lines = []
    for line in shipped.splitlines():
        if line.startswith("ExecStart="):
            line = f"ExecStart={BIN_INSIDE}/pgmd --config-dir={CONFIG_INSIDE}"
        elif line.startswith("ExecReload="):
            continue  # pgmctl is not bound into the sandbox next to pgmd
        lines.append(line)
    return "\n".join(lines) + "\n"


class SignalMonitor:
    """Collects org.pgmd1 signals from `busctl monitor` inside the sandbox."""

    def __init__(self, node: "PgmdNode"):
        self.proc = subprocess.Popen(
            [NSENTER, "-t", str(node.sandbox.pid1), "-a", "--", "busctl", "--system", "monitor",
             "--json=short", "--match=type='signal',path_namespace='/org/pgmd1'"],
            env=SANDBOX_ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.signals: "queue.Queue[dict]" = queue.Queue()
        self.seen: list[dict] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if msg.get("type") == "signal" and msg.get("sender") != "org.freedesktop.DBus":
                self.signals.put(msg)

    def _drain(self) -> None:
        while True:
            try:
                self.seen.append(self.signals.get_nowait())
            except queue.Empty:
                return

    def of(self, member: str) -> list[list]:
        """Payloads of the signals named `member` seen so far."""
        self._drain()
        return [m["payload"]["data"] for m in self.seen if m.get("member") == member]

    def mark(self) -> int:
        """A position in the stream, for wait(since=...)."""
        self._drain()
        return len(self.seen)

    def wait(self, member: str, predicate, timeout: float, what: str, since: int = 0) -> list:
        """Waits for a signal `member`, at or after position `since`, whose
        payload satisfies predicate."""
        def found():
            self._drain()
            for m in self.seen[since:]:
                if m.get("member") == member and predicate(m["payload"]["data"]):
                    return m["payload"]["data"]
            return None
        return wait_for(found, timeout, what)

    def close(self) -> None:
        end_inside(self.proc)
        self._reader.join(timeout=5)
        if not self._reader.is_alive():
            self.proc.stdout.close()


class PgmdNode:
    def __init__(self, name: str, config: Mapping[str, str], units: Mapping[str, str] = None,
                 start_pgmd: bool = True, pgmd_service: str | None = None,
                 extra_binds: Sequence[tuple] = ()):
        self.workdir = Path(tempfile.mkdtemp(prefix=f"pgmd-{name}-"))
        self.config_dir = self.workdir / "config"
        self.state_dir = self.workdir / "state"
        self.state_dir.mkdir()
        for rel, text in config.items():
            path = self.config_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        self.config_dir.mkdir(exist_ok=True)
        all_units = dict(units or {})
        all_units["pgmd.service"] = pgmd_service or pgmd_unit()
        binary = BUILD_DIR / "daemon" / "app" / "pgmd"
        if not binary.exists():
            raise FileNotFoundError(f"{binary} is not built (set PGMD_BUILD_DIR)")
        self.sandbox = Sandbox(
            name, all_units, state_dir=self.state_dir,
            binds=[(binary.parent, BIN_INSIDE, "ro"), (self.config_dir, CONFIG_INSIDE, "ro"), *extra_binds],
            dbus_policies=[SOURCE_ROOT / "dbus" / "org.pgmd1.conf"],
            start=["pgmd.service"] if start_pgmd else [])
        self.monitor: SignalMonitor | None = None

    # -- lifecycle --------------------------------------------------------------

    def boot(self, timeout: float = 60, monitor: bool = True) -> "PgmdNode":
        self.sandbox.boot(timeout)
        if monitor:
            self.start_monitor()
        return self

    def start_monitor(self) -> SignalMonitor:
        if self.monitor:
            self.monitor.close()
        self.monitor = SignalMonitor(self)
        # busctl monitor needs a moment to become a monitor; prove it is
        # listening by waiting for a signal we emit ourselves on its match.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            self.run(["busctl", "--system", "emit", "/org/pgmd1/test", "org.pgmd1.Test", "Ping"],
                     check=False)
            try:
                msg = self.monitor.signals.get(timeout=0.2)
                if msg.get("member") == "Ping":
                    return self.monitor
                self.monitor.seen.append(msg)
            except queue.Empty:
                continue
        raise SandboxTimeout("busctl monitor did not start listening within 10s")

    def close(self) -> None:
        self.sandbox.close()
        if self.monitor:
            self.monitor.close()
            self.monitor = None
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> "PgmdNode":
        if not self.sandbox.is_running:
            self.boot()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- inside -------------------------------------------------------------------

    def run(self, args, check=True, timeout=30, input=None):
        return self.sandbox.run(args, check=check, timeout=timeout, input=input)

    def busctl_json(self, *args: str):
        out = self.run(["busctl", "--system", "--json=short", *args]).stdout
        return json.loads(out)

    def wait_ready(self, timeout: float = 30) -> None:
        """Until pgmd answers on the bus."""
        def answers():
            r = self.run(["busctl", "--system", "call", "org.pgmd1", *MANAGER, "ListGroups"], check=False)
            return r.returncode == 0
        wait_for(answers, timeout, "pgmd to answer on the bus")

    def prop(self, group: str, name: str):
        return self.busctl_json("get-property", "org.pgmd1", group_path(group), GROUP_IFACE, name)["data"]

    def resource_prop(self, resource: str, name: str):
        return self.busctl_json("get-property", "org.pgmd1", resource_path(resource), RESOURCE_IFACE, name)["data"]

    def manager_prop(self, name: str):
        return self.busctl_json("get-property", "org.pgmd1", *MANAGER, name)["data"]

    def groups(self) -> dict[str, dict]:
        rows = self.busctl_json("call", "org.pgmd1", *MANAGER, "ListGroups")["data"][0]
        return {r[0]: {"layer": r[1], "state": r[2], "last_fault": r[3], "incarnation": r[4],
                       "path": r[5]} for r in rows}

    def state(self, group: str) -> str:
        return self.prop(group, "State")

    def wait_state(self, group: str, state: str, timeout: float = 30) -> None:
        seen = []

        def reached():
            r = self.run(["busctl", "--system", "--json=short", "get-property", "org.pgmd1",
                          group_path(group), GROUP_IFACE, "State"], check=False)
            seen.append(json.loads(r.stdout)["data"] if r.returncode == 0 else f"<{r.stderr.strip()}>")
            return seen[-1] == state
        try:
            wait_for(reached, timeout, f"group {group} to become {state}")
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}; it was {seen[-1] if seen else '?'}") from None

    def call(self, group: str, method: str, check: bool = True):
        return self.run(["busctl", "--system", "call", "org.pgmd1", group_path(group), GROUP_IFACE, method],
                        check=check)

    def main_pid(self, unit: str) -> int:
        return self.sandbox.main_pid(unit)

    def kill_main_pid(self, unit: str) -> int:
        pid = self.main_pid(unit)
        if pid <= 0:
            raise AssertionError(f"{unit} has no main pid")
        self.run(["kill", "-9", str(pid)])
        return pid

    def wait_new_main_pid(self, unit: str, old: int, timeout: float = 20) -> int:
        def changed():
            pid = self.main_pid(unit)
            return pid if pid not in (0, old) else None
        return wait_for(changed, timeout, f"{unit} to run with a new main pid")

    def saved_state(self) -> dict:
        """pgmd's state file as last written (it is saved shortly after changes)."""
        path = self.state_dir / "state.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def journal(self, *args: str) -> str:
        return self.sandbox.journal(extra_args=args)
