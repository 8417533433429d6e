"""Drives pyclient_inside.py, a python3-dbus client of pgmd inside the
sandbox: the second client beside busctl, and the one that reports D-Bus
error names.

    r = py_call(node, "/org/pgmd1", "org.pgmd1.Manager", "GetKey", "s", ["app"])
    assert r.error == "org.pgmd1.Error.NotAvailable"

    with PySession(node, matches=["type='signal',interface='org.pgmd1.Manager'"]) as s:
        s.call("/org/pgmd1", "org.pgmd1.Manager", "RegisterInterest", "s", ["app"])
        s.wait_signal("GroupBorn", lambda args: args[0] == "app", 10, "app born")
"""

import itertools
import json
import subprocess
import sys
from dataclasses import dataclass
from typing import Callable, Sequence

from api_node import MODULES_INSIDE, SYSTEM_PYTHON
from inside_process import InsideProcess
from pgmd_node import PgmdNode
from sandbox import wait_for

SCRIPT = f"{MODULES_INSIDE}/pyclient_inside.py"
SERVICE = "org.pgmd1"


def require_python_client() -> None:
    """Exits 77 (meson: skipped) unless the system's python3 has python3-dbus
    and python3-gi: the sandbox runs the client with the host's /usr."""
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import dbus.mainloop.glib; from gi.repository import GLib"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"SKIP: {SYSTEM_PYTHON} cannot run the D-Bus client (install python3-dbus and python3-gi): "
              f"{probe.stderr.strip()}")
        sys.exit(77)


@dataclass
class CallResult:
    reply: list | None = None
    error: str | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @classmethod
    def parse(cls, obj: dict) -> "CallResult":
        return cls(obj.get("reply"), obj.get("error"), obj.get("message"))


def py_call(node: PgmdNode, path: str, iface: str, method: str, signature: str = "",
            args: Sequence = (), as_user: Sequence[str] = ()) -> CallResult:
    """One call from a fresh connection; as_user: a setpriv prefix."""
    r = node.run([*as_user, SYSTEM_PYTHON, SCRIPT, "call", SERVICE, path, iface, method, signature,
                  json.dumps(list(args))], check=False)
    if r.returncode != 0 or not r.stdout.strip():
        raise AssertionError(f"python client failed ({r.returncode}): {r.stderr}")
    return CallResult.parse(json.loads(r.stdout))


class PySession:
    """A connected client: calls on demand and collects every signal it gets."""

    def __init__(self, node: PgmdNode, matches: Sequence[str] = (), as_user: Sequence[str] = ()):
        args = [*as_user, SYSTEM_PYTHON, SCRIPT, "session"]
        for rule in matches:
            args += ["--match", rule]
        self.process = InsideProcess(node.sandbox, args, with_stdin=True)
        self._ids = itertools.count(1)
        try:
            self.name: str = self.process.wait_line(lambda line: self._field(line, "ready"), 15,
                                                    "the python client to connect")
        except BaseException:
            self.process.close()
            raise

    @staticmethod
    def _field(line: str, key: str):
        try:
            obj = json.loads(line)
        except ValueError:
            return None
        return obj.get(key) if isinstance(obj, dict) else None

    def _objects(self) -> list[dict]:
        out = []
        for line in self.process.lines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    def call(self, path: str, iface: str, method: str, signature: str = "", args: Sequence = (),
             timeout: float = 30) -> CallResult:
        request_id = next(self._ids)
        self.process.write_line(json.dumps(
            {"id": request_id, "call": [SERVICE, path, iface, method, signature, list(args)]}))
        answer = wait_for(lambda: next((o for o in self._objects() if o.get("id") == request_id), None),
                          timeout, f"the reply to {method}", interval=0.02)
        return CallResult.parse(answer)

    def signals(self, member: str | None = None) -> list[dict]:
        return [o for o in self._objects() if "signal" in o and member in (None, o["signal"])]

    def mark(self) -> int:
        """A position in the signal stream, for wait_signal(since=...)."""
        return len(self.signals())

    def wait_signal(self, member: str, predicate: Callable[[list], bool], timeout: float, what: str,
                    since: int = 0) -> dict:
        def found():
            return next((s for s in self.signals()[since:]
                         if s["signal"] == member and predicate(s["args"])), None)
        return wait_for(found, timeout, what, interval=0.02)

    def close(self) -> None:
        """Leaves the bus the polite way (stdin closed), else is killed."""
        self.process.close_stdin()
        try:
            status = self.process.wait(10)
        finally:
            self.process.close()
        if status != 0:
            raise AssertionError(f"the python client exited with {status}: {self.process.stderr()}")

    def __enter__(self) -> "PySession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
