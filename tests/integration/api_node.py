"""A pgmd node for the API tests: a PgmdNode that also sees the build tree
(pgmctl, the example application) and the test modules of this directory (the
python client), so that every client runs inside the sandbox, on its bus.

    with api_node("api", config, units) as node:
        node.run([PGMCTL, "list"])

    class Api(unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            cls.node = class_node(cls, "api", config, units, settled={"web": "active"})
"""

import unittest
from pathlib import Path
from typing import Mapping

from pgmd_node import BUILD_DIR, PgmdNode

BUILD_INSIDE = "/run/pgmd-test/build"
MODULES_INSIDE = "/run/pgmd-test/integration"
PGMCTL = f"{BUILD_INSIDE}/pgmctl/pgmctl"
EXAMPLE_APP = f"{BUILD_INSIDE}/examples/standby-app/pgmd-example-app"
SYSTEM_PYTHON = "/usr/bin/python3"

# An unprivileged caller: nobody, with no supplementary groups.
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]

_BUILT = {"pgmctl": "pgmctl/pgmctl", "example-app": "examples/standby-app/pgmd-example-app"}


def client_binds(needs: tuple[str, ...] = ()) -> list[tuple]:
    """The binds that let clients run inside a sandbox: the build tree at
    BUILD_INSIDE and the test modules at MODULES_INSIDE. needs: what of
    _BUILT the test runs; missing binaries are an error, as a missing pgmd
    is (meson builds them before the tests)."""
    for what in needs:
        binary = BUILD_DIR / _BUILT[what]
        if not binary.exists():
            raise FileNotFoundError(f"{binary} is not built (set PGMD_BUILD_DIR)")
    modules = Path(__file__).resolve().parent
    return [(BUILD_DIR, BUILD_INSIDE, "ro"), (modules, MODULES_INSIDE, "ro")]


def api_node(name: str, config: Mapping[str, str], units: Mapping[str, str] | None = None,
             needs: tuple[str, ...] = (), **kwargs) -> PgmdNode:
    """needs: see client_binds."""
    return PgmdNode(name, config, units, extra_binds=client_binds(needs), **kwargs)


def class_node(test_class: type[unittest.TestCase], name: str, config: Mapping[str, str],
               units: Mapping[str, str], settled: Mapping[str, str], needs: tuple[str, ...] = ()) -> PgmdNode:
    """For setUpClass: an api_node that every test of `test_class` shares,
    booted (no signal monitor) and with each group of `settled` in its state.
    It is closed after the class's last test, or at once if it never settles;
    register a client with addClassCleanup after this call, so that it is
    closed first."""
    node = api_node(name, config, units, needs=needs)
    try:
        node.boot(monitor=False)
        for group, state in settled.items():
            node.wait_state(group, state)
    except BaseException:
        node.close()
        raise
    test_class.addClassCleanup(node.close)
    return node


def example_app_unit(*args: str, user: str | None = None) -> str:
    """The example application as a member unit (Type=notify, as shipped)."""
    text = ("[Unit]\nDescription=pgmd example hot-standby service\n\n[Service]\nType=notify\n"
            f"ExecStart={' '.join([EXAMPLE_APP, *args])}\n")
    return text + (f"User={user}\n" if user else "")


def snapshot(node: PgmdNode) -> dict:
    """What a refused call must leave alone: every group's row (state, last
    fault, incarnation), members with their pids, pending request and restart
    counters, and when the configuration was loaded."""
    rows = node.groups()
    for name, row in rows.items():
        for prop in ("Members", "RequestedState", "RequestedIncarnation", "ProcessRestarts", "GroupRestarts"):
            row[prop] = node.prop(name, prop)
    return {"groups": rows, "loaded": node.manager_prop("ConfigLoadedTimestamp")}
