#!/usr/bin/env python3
"""Diagnosed link faults on a three-node rig (seed 004): a hot-standby pair
active on n1, standby on n2 and n3, every host with two links on two
switches. One link at a time fails, the second stays healthy:

- n1's cable of link 0 pulled at the switch: n1 sees no carrier on its
  interface of link 0 (local-nic, to both peers); n2 and n3 see link 0 down
  to n1 only while it still reaches the other (peer-nic for n1). Plugged in
  again: LinkUp, healthy.
- the switch of link 0 fails (its bridge stops forwarding, every carrier
  stays up): link 0 down to every peer, from every node (switch).

Each fault is degraded redundancy: nothing is taken over, no Failover, no
PeerLost, and the group is never active on two hosts at once. Link faults
are spaced KNET_SETTLE_S apart (DESIGN.md §7). pgmd killed on the active node
(peer-pgmd-down) is in test_cluster_faults.py."""

import time
import unittest

from cluster_pgmd import PgmdCluster
from cluster_rig import require_cluster_rig
from common import simple_unit

HOSTS = ["n1", "n2", "n3"]
GROUP = "app"
PGMD_CONF = """[Manager]
StateDirectory=/run/pgmd-state

[Cluster]
GroupName=pgmd-diagnosis-test
"""
APP_GROUP = """[Group]
Layer=application
Units=app.service
Redundancy=hot-standby
Nodes=n1 n2 n3
"""
# knet marks a link down after about token/2 (0.5 s here), corosync's stats
# tracker looks every 1.5 s: a verdict well within this.
DIAGNOSED_S = 10


class LinkFaultsOnThreeNodes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = PgmdCluster(HOSTS, PGMD_CONF, {GROUP: APP_GROUP}, units={"app.service": simple_unit("member")})
        cls.enterClassContext(cls.cluster)
        cls.cluster.start_pgmd("n1")
        cls.cluster.wait_states(GROUP, {"n1": "active"})
        for host in ("n2", "n3"):
            cls.cluster.start_pgmd(host)

    def verdicts(self, host: str) -> dict[str, tuple]:
        """{peer: (verdict, link, lost, degraded)} from PeerVerdicts on `host`."""
        return {v[0]: (v[2], v[3], v[4], v[5]) for v in self.cluster.cluster_prop(host, "PeerVerdicts")}

    def link_state(self, host: str, peer: str, link: int) -> tuple | None:
        """(connected, cause, interface, carrier) of `link` to `peer` as `host` shows it."""
        for node, _, number, connected, cause, interface, carrier in self.cluster.cluster_prop(host, "LinkStates"):
            if node == peer and number == link:
                return connected, cause, interface, carrier
        return None

    def wait_verdicts(self, want: dict[str, dict[str, tuple]], what: str) -> None:
        seen = {}

        def reached():
            for host, peers in want.items():
                seen[host] = self.verdicts(host)
            return all(all(seen[h].get(p) == v for p, v in peers.items()) for h, peers in want.items())
        try:
            self.cluster.wait_until(reached, DIAGNOSED_S, what, interval=0.1)
        except Exception as error:
            raise AssertionError(f"{error}\nverdicts seen: {seen}") from None

    def link_signal(self, host: str, member: str, peer: str, link: int, cause: str | None = None):
        watch = self.cluster.watch(host, GROUP)
        return watch.signal(member, lambda p: p[0] == peer and p[1] == link and (cause is None or p[2] == cause))

    def assert_nothing_moved(self) -> None:
        c = self.cluster
        self.assertEqual({h: c.group_prop(h, GROUP, "State") for h in HOSTS},
                         {"n1": "active", "n2": "standby", "n3": "standby"})
        self.assertEqual(c.owners_everywhere(GROUP, HOSTS), {h: ["n1"] for h in HOSTS})
        for host in HOSTS:
            self.assertIsNone(c.watch(host, GROUP).signal("Failover", lambda p: True), host)
            self.assertIsNone(c.watch(host, GROUP).signal("PeerLost", lambda p: True), host)

    def test_local_nic_peer_nic_and_switch_are_told_apart_and_nothing_is_taken_over(self):
        c = self.cluster
        c.wait_states(GROUP, {"n1": "active", "n2": "standby", "n3": "standby"})
        c.wait_agreed(GROUP, ["n1"])
        healthy = ("healthy", -1, False, False)
        self.wait_verdicts({h: {p: healthy for p in HOSTS if p != h} for h in HOSTS}, "every peer healthy")
        self.assertEqual(self.link_state("n1", "n2", 0), (True, "", "cl0", "up"))

        # -- n1's cable of link 0 pulled: local NIC at n1, peer NIC at n2 and n3.
        c.rig.wait_links_settled()
        cut_at = time.monotonic()
        c.rig.cut("n1", 0)
        self.wait_verdicts({
            "n1": {"n2": ("local-nic", 0, False, True), "n3": ("local-nic", 0, False, True)},
            "n2": {"n1": ("peer-nic", 0, False, True), "n3": healthy},
            "n3": {"n1": ("peer-nic", 0, False, True), "n2": healthy},
        }, "link 0 of n1 diagnosed")
        print(f"n1's link 0 cut -> diagnosed everywhere after {time.monotonic() - cut_at:.3f} s", flush=True)
        self.assertEqual(self.link_state("n1", "n2", 0), (False, "local-nic", "cl0", "down"))
        self.assertEqual(self.link_state("n2", "n1", 0), (False, "peer-nic", "cl0", "up"))
        self.assertEqual(self.link_state("n2", "n1", 1)[0], True)
        self.assertIsNotNone(self.link_signal("n1", "LinkDown", "n2", 0, "local-nic"))
        self.assertIsNotNone(self.link_signal("n2", "LinkDown", "n1", 0, "peer-nic"))
        self.assertIn("Link 0 to n1 is down, cause: peer-nic", c.pgmd_journal("n2"))
        self.assertIn("degraded redundancy, nothing taken over", c.pgmd_journal("n2"))
        self.assert_nothing_moved()

        c.rig.restore("n1", 0)
        self.wait_verdicts({h: {p: healthy for p in HOSTS if p != h} for h in HOSTS}, "link 0 of n1 back")
        c.wait_until(lambda: self.link_signal("n2", "LinkUp", "n1", 0) is not None, DIAGNOSED_S, "LinkUp on n2")
        self.assertIsNotNone(self.link_signal("n1", "LinkUp", "n2", 0))

        # -- the switch of link 0 fails: down to every peer, carrier up, everywhere.
        c.rig.wait_links_settled()
        cut_at = time.monotonic()
        c.rig.cut_switch(0)
        switch = ("switch", 0, False, True)
        self.wait_verdicts({h: {p: switch for p in HOSTS if p != h} for h in HOSTS}, "the switch of link 0 diagnosed")
        print(f"switch of link 0 down -> diagnosed everywhere after {time.monotonic() - cut_at:.3f} s", flush=True)
        self.assertEqual(self.link_state("n3", "n1", 0), (False, "switch", "cl0", "up"))
        self.assertIsNotNone(self.link_signal("n3", "LinkDown", "n2", 0, "switch"))
        self.assert_nothing_moved()

        c.rig.restore_switch(0)
        self.wait_verdicts({h: {p: healthy for p in HOSTS if p != h} for h in HOSTS}, "the switch of link 0 back")
        self.assert_nothing_moved()
        c.assert_active_at_most(GROUP, allowed=1, intervals=1, hosts=HOSTS)


if __name__ == "__main__":
    require_cluster_rig()
    unittest.main(verbosity=2)
