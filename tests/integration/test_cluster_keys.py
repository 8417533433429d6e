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

import types
import unittest

from cluster_pgmd import CLUSTER, PairCase, hot_standby_group, pair_pgmd_conf
from cluster_rig import require_cluster_rig
from common import simple_unit
from pgmd_node import MANAGER
from pyclient import PySession, require_python_client
from sandbox import SandboxTimeout, wait_for

GROUP = "app"
HALF_SIGNALS = ("HalfBorn", "HalfDied")
# Both interfaces: the local GroupBorn/GroupDied and the cluster's halves.
MATCHES = ["type='signal',interface='org.pgmd1.Manager'", "type='signal',interface='org.pgmd1.Cluster'"]

PGMD_CONF = pair_pgmd_conf("pgmd-keys-test")
APP_GROUP = hot_standby_group()


class KeysAcrossTwoNodes(PairCase):
    GROUP = GROUP

    def setUp(self):
        # The python client runs inside the hosts.
        self.boot(PGMD_CONF, {GROUP: APP_GROUP}, units={"app.service": simple_unit("pair member")}, clients=())
        # n1 first: with no failback, the first ready half the cluster hears of is active.
        self.start_pgmd("n1")
        self.wait_states({"n1": "active"})
        self.start_pgmd("n2")
        self.wait_states({"n2": "standby"})
        self.wait_owners(["n1"], timeout=15)

    def session(self, host: str) -> PySession:
        s = PySession(types.SimpleNamespace(sandbox=self.rig.sandbox(host)), matches=MATCHES)
        self.addCleanup(s.close)
        return s

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
        self.wait_states({"n2": "active"}, 30)
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
