#!/usr/bin/env python3
"""Keys and interest across the cluster: a hot-standby pair on the two hosts
of the cluster rig (sandboxed systemd + Debian's corosync each, pgmd from
this tree), with a client on each host that registered interest in the
group. The client on the standby host gets the active host's key from
Manager.GetKey and Cluster.GetKey; once the active member is killed past
its budget (failover), both clients are told the death of the half on n1
and then the birth of the half on n2 (Cluster.HalfDied, HalfBorn, unicast
to them), in that order and the same on both hosts, and GetKey gives the
new key on both."""

import json
import tempfile
import types
import unittest
from contextlib import ExitStack
from pathlib import Path

from api_node import MODULES_INSIDE
from cluster_rig import ClusterRig, require_cluster_rig
from common import simple_unit
from pgmd_node import BIN_INSIDE, BUILD_DIR, CONFIG_INSIDE, GROUP_IFACE, SOURCE_ROOT, group_path, pgmd_unit
from pyclient import PySession, require_python_client
from sandbox import SandboxTimeout, wait_for

HOSTS = ["n1", "n2"]
GROUP = "app"
MANAGER = ("/org/pgmd1", "org.pgmd1.Manager")
CLUSTER = ("/org/pgmd1/cluster", "org.pgmd1.Cluster")
HALF_SIGNALS = ("HalfBorn", "HalfDied")
# Both interfaces: the local GroupBorn/GroupDied and the cluster's halves.
MATCHES = ["type='signal',interface='org.pgmd1.Manager'", "type='signal',interface='org.pgmd1.Cluster'"]

PGMD_CONF = """[Manager]
StateDirectory=/run/pgmd-state

[Cluster]
GroupName=pgmd-keys-test

[Application]
ProcessRestartBurst=0
GroupRestartBurst=0
"""

APP_GROUP = f"""[Group]
Layer=application
Units=app.service
Redundancy=hot-standby
Nodes={" ".join(HOSTS)}
"""


class KeysAcrossTwoNodes(unittest.TestCase):
    def setUp(self):
        self.stack = ExitStack()
        self.addCleanup(self.stack.close)
        config_dir = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="pgmd-keys-")))
        (config_dir / "groups.d").mkdir()
        (config_dir / "pgmd.conf").write_text(PGMD_CONF)
        (config_dir / "groups.d" / f"{GROUP}.group").write_text(APP_GROUP)
        binary = BUILD_DIR / "daemon" / "app" / "pgmd"
        if not binary.exists():
            self.fail(f"{binary} is not built (set PGMD_BUILD_DIR)")
        modules = Path(__file__).resolve().parent
        self.rig = self.stack.enter_context(ClusterRig(
            HOSTS, token_ms=1000,
            units={"pgmd.service": pgmd_unit(), "app.service": simple_unit("pair member")},
            binds=[(binary.parent, BIN_INSIDE, "ro"), (config_dir, CONFIG_INSIDE, "ro"),
                   (modules, MODULES_INSIDE, "ro")],
            dbus_policies=[SOURCE_ROOT / "dbus" / "org.pgmd1.conf"]))
        self.rig.wait_quorate()
        # n1 first: with no failback, the first ready half the cluster hears of is active.
        self.start_pgmd("n1")
        self.wait_state("n1", "active")
        self.start_pgmd("n2")
        self.wait_state("n2", "standby")
        wait_for(lambda: all(self.group_prop(h, "Owners") == ["n1"] for h in HOSTS), 15,
                 "both nodes to agree n1 owns")

    def start_pgmd(self, host: str) -> None:
        self.rig.run(host, ["systemctl", "start", "pgmd.service"])
        wait_for(lambda: self.rig.run(host, ["busctl", "--system", "call", "org.pgmd1", CLUSTER[0],
                                             "org.freedesktop.DBus.Peer", "Ping"], check=False).returncode == 0,
                 30, f"pgmd on {host} to answer on the bus")

    def session(self, host: str) -> PySession:
        s = PySession(types.SimpleNamespace(sandbox=self.rig.sandbox(host)), matches=MATCHES)
        self.addCleanup(s.close)
        return s

    def group_prop(self, host: str, name: str):
        out = self.rig.run(host, ["busctl", "--system", "--json=short", "get-property", "org.pgmd1",
                                  group_path(GROUP), GROUP_IFACE, name]).stdout
        return json.loads(out)["data"]

    def wait_state(self, host: str, state: str, timeout: float = 60) -> None:
        try:
            wait_for(lambda: self.group_prop(host, "State") == state, timeout, f"{GROUP} on {host} to be {state}",
                     interval=0.05)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}\n{self.journals()}") from None

    def journals(self) -> str:
        return "\n".join(f"--- {h} pgmd ---\n" + self.rig.sandbox(h).journal(extra_args=("-u", "pgmd", "-n", "60"))
                         for h in self.rig.running())

    def call(self, client: PySession, iface: tuple[str, str], method: str) -> list:
        r = client.call(*iface, method, "s", [GROUP])
        self.assertTrue(r.ok, r)
        return r.reply

    @staticmethod
    def halves(client: PySession, since: int) -> list[tuple[str, list]]:
        return [(s["signal"], s["args"][:3]) for s in client.signals()[since:] if s["signal"] in HALF_SIGNALS]

    def test_a_client_on_the_standby_node_follows_the_key_through_a_failover(self):
        on_standby, on_active = self.session("n2"), self.session("n1")
        for client in (on_standby, on_active):
            r = client.call(*MANAGER, "RegisterInterest", "s", [GROUP])
            self.assertTrue(r.ok, r)
        old = self.group_prop("n1", "Incarnation")

        # The standby node answers with the active node's key.
        wait_for(lambda: self.call(on_standby, CLUSTER, "GetKey") == ["n1", old], 15,
                 "n2 to have heard n1's half active")
        self.assertEqual(self.call(on_standby, MANAGER, "GetKey"), [GROUP, old])
        self.assertEqual(self.call(on_active, MANAGER, "GetKey"), [GROUP, old])
        self.assertEqual(self.call(on_active, CLUSTER, "GetKey"), ["n1", old])

        # The active member dies with no budget left: out of service on n1,
        # the half on n2 takes over.
        marks = {client.name: client.mark() for client in (on_standby, on_active)}
        pid = self.rig.sandbox("n1").main_pid("app.service")
        self.assertGreater(pid, 0)
        self.rig.run("n1", ["kill", "-9", str(pid)])
        self.wait_state("n2", "active", 30)
        new = self.group_prop("n2", "Incarnation")

        want = [("HalfDied", [GROUP, "n1", old]), ("HalfBorn", [GROUP, "n2", new])]
        for host, client in (("n2", on_standby), ("n1", on_active)):
            try:
                client.wait_signal("HalfBorn", lambda a: a[:3] == [GROUP, "n2", new], 15,
                                   f"the birth on n2, on {host}", since=marks[client.name])
            except SandboxTimeout as error:
                raise SandboxTimeout(f"{error}; heard {client.signals()}\n{self.journals()}") from None
            self.assertEqual(self.halves(client, marks[client.name]), want, f"what the client on {host} heard")
            died = client.wait_signal("HalfDied", lambda a: a[0] == GROUP, 1, "the death", since=marks[client.name])
            self.assertIn("unavailable", died["args"][3])
            self.assertEqual(died["destination"], client.name)

        # Both nodes give the new key, whichever half is theirs.
        for client in (on_standby, on_active):
            self.assertEqual(self.call(client, CLUSTER, "GetKey"), ["n2", new])
            self.assertEqual(self.call(client, MANAGER, "GetKey"), [GROUP, new])
        # The local notifications still speak of the local half alone: n1's
        # half died there; n2's half was running all along (standby, then active).
        on_active.wait_signal("GroupDied", lambda a: a[:2] == [GROUP, old], 10, "n1's own half to die")
        self.assertEqual(on_standby.signals("GroupBorn") + on_standby.signals("GroupDied"), [])


if __name__ == "__main__":
    require_cluster_rig()
    require_python_client()
    unittest.main(verbosity=2)
