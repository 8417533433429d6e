#!/usr/bin/env python3
"""The redundancy models other than hot standby, with pgmd from this tree on
every host of the cluster rig (sandboxed systemd + Debian's corosync each),
seen over D-Bus and systemd on every host:

- cold standby: the standby half runs nothing until the active half fails
  past its restart budget; then it starts, and the repaired half returns as
  a standby that runs nothing (no failback);
- lead-active: both halves run, one holds the lead (the same on both nodes);
  when the lead's half fails the lead moves and stays moved;
- sparing, 2 active over 3 nodes: a failed active half is replaced by the
  spare, never more than 2 active at once (by every node's watch).

Every node must show the same owners, Pairs row and Halves once synced."""

import time
import unittest

from cluster_pgmd import PgmdCluster
from cluster_rig import require_cluster_rig
from common import simple_unit
from sandbox import wait_for

PGMD_CONF = """[Manager]
StateDirectory=/run/pgmd-state

[Cluster]
GroupName=pgmd-models-test
"""

BUDGET_SPENT = """ProcessRestartBurst=0
GroupRestartBurst=0
"""

COLD_GROUP = """[Group]
Layer=application
Units=cold.service
Redundancy=cold-standby
Nodes=n1 n2
# One restart where it runs, then out of service: only the second failure
# moves the pair.
ProcessRestartBurst=1
ProcessRestartIntervalSec=5min
GroupRestartBurst=0
"""

LEAD_GROUP = """[Group]
Layer=application
Units=lead.service
Redundancy=lead-active
Nodes=n1 n2
""" + BUDGET_SPENT

SPARE_GROUP = """[Group]
Layer=application
Units=spare.service
Redundancy=sparing
Nodes=n1 n2 n3
ActiveCount=2
""" + BUDGET_SPENT


def wait_runs_nothing(cluster: PgmdCluster, host: str, unit: str) -> None:
    """No process of the unit runs, and it is not left "failed" either: a
    repaired cold half resets its members' failed state without starting
    them (a reset-failed call of its own, so it may come a moment later)."""
    wait_for(lambda: cluster.unit_state(host, unit) == "inactive" and cluster.rig.sandbox(host).main_pid(unit) == 0,
             10, f"{unit} on {host} to be inactive (not failed) and run nothing")


class ColdStandbyAndLeadActive(unittest.TestCase):
    """One two-node rig for both groups: each test moves only its own group."""

    HOSTS = ["n1", "n2"]

    @classmethod
    def setUpClass(cls):
        cls.cluster = PgmdCluster(cls.HOSTS, PGMD_CONF, {"cold": COLD_GROUP, "lead": LEAD_GROUP},
                                  units={"cold.service": simple_unit("cold pair member"),
                                         "lead.service": simple_unit("lead-active member")})
        cls.enterClassContext(cls.cluster)
        # pgmd on n1 first: the owner (and the lead) is the best ready half
        # among those the cluster has heard from, so two pgmds starting at
        # once race for it, with no failback to settle it afterwards.
        cls.cluster.start_pgmd("n1")
        for group in ("cold", "lead"):
            cls.cluster.wait_states(group, {"n1": "active"})
        cls.cluster.start_pgmd("n2")

    def test_cold_standby_runs_nothing_until_the_active_half_is_out_of_budget(self):
        c = self.cluster
        c.wait_states("cold", {"n1": "active", "n2": "standby"})
        c.wait_agreed("cold", ["n1"])
        for host in self.HOSTS:
            self.assertEqual(c.group_prop(host, "cold", "Redundancy"), "cold-standby")
            self.assertEqual(c.group_prop(host, "cold", "Standby"), "cold")
        self.assertEqual(c.unit_state("n1", "cold.service"), "active")
        self.assertEqual(c.unit_state("n2", "cold.service"), "inactive")

        # Within the budget: restarted where it runs; nothing moves.
        sandbox = c.rig.sandbox("n1")
        pid = sandbox.main_pid("cold.service")
        c.rig.run("n1", ["kill", "-9", str(pid)])
        wait_for(lambda: sandbox.main_pid("cold.service") not in (0, pid)
                 and c.group_prop("n1", "cold", "ProcessRestarts") == 1, 30, "cold.service restarted on n1")
        c.wait_states("cold", {"n1": "active", "n2": "standby"})
        c.wait_agreed("cold", ["n1"])
        self.assertEqual(c.unit_state("n2", "cold.service"), "inactive")

        # Past it: out of service on n1, and only now does n2 start its half.
        killed_at = time.monotonic()
        c.rig.run("n1", ["kill", "-9", str(sandbox.main_pid("cold.service"))])
        c.wait_states("cold", {"n1": "unavailable", "n2": "active"})
        c.wait_agreed("cold", ["n2"])
        self.assertEqual(c.unit_state("n2", "cold.service"), "active")
        self.assertNotEqual(c.unit_state("n1", "cold.service"), "active")
        # The hosts share CLOCK_MONOTONIC: n2's member started (its only
        # start) after n1's had died.
        n1_down = c.unit_stamp("n1", "cold.service", "InactiveEnterTimestampMonotonic")
        n2_up = c.unit_stamp("n2", "cold.service", "InactiveExitTimestampMonotonic")
        self.assertGreater(n1_down, killed_at)
        self.assertGreater(n2_up, n1_down, "n2's member started before n1's was down")
        print(f"second kill -> n2's member starting: {n2_up - killed_at:.3f} s", flush=True)
        for host in self.HOSTS:
            failover = wait_for(lambda: c.watch(host, "cold").signal("Failover", lambda p: p[0] == "cold"), 10,
                                f"a Failover signal on {host}")
            self.assertEqual(failover[1:3], ["n1", "n2"])
            self.assertIn("n1", failover[3], "the reason names the failed node")
        # The failed half stays down: held out of service, nothing running.
        self.assertTrue(c.group_prop("n1", "cold", "Held"))
        self.assertEqual(c.group_prop("n1", "cold", "State"), "unavailable")
        self.assertNotEqual(c.unit_state("n1", "cold.service"), "active")

        # Repaired, it returns as a standby that runs nothing: no failback.
        c.group_call("n1", "cold", "Online")
        c.wait_states("cold", {"n1": "standby", "n2": "active"})
        c.wait_agreed("cold", ["n2"])
        wait_for(lambda: c.group_prop("n2", "cold", "MateState") == "standby", 10, "n2 to see n1 as its standby")
        wait_runs_nothing(c, "n1", "cold.service")
        self.assertEqual(c.unit_state("n2", "cold.service"), "active")

        c.assert_active_at_most("cold", allowed=1, intervals=2, hosts=self.HOSTS)

    def test_lead_active_lead_moves_once_and_stays(self):
        c = self.cluster
        c.wait_states("lead", {"n1": "active", "n2": "active"})
        view = c.wait_agreed("lead", ["n1", "n2"])
        self.assertEqual(view["pair"][0][1:4], ["lead-active", ["n1", "n2"], "n1"])
        for host in self.HOSTS:
            self.assertEqual(c.unit_state(host, "lead.service"), "active")
            self.assertEqual(c.get_key(host, "lead")[0], "n1")
        # What the application on each node reads: its own half's Lead.
        self.assertTrue(c.group_prop("n1", "lead", "Lead"))
        self.assertFalse(c.group_prop("n2", "lead", "Lead"))
        n2_pid = c.rig.sandbox("n2").main_pid("lead.service")

        # The lead's half fails past its budget: the lead moves to n2,
        # whose half was active all along and keeps running.
        c.rig.run("n1", ["kill", "-9", str(c.rig.sandbox("n1").main_pid("lead.service"))])
        c.wait_states("lead", {"n1": "unavailable", "n2": "active"})
        view = c.wait_agreed("lead", ["n2"])
        self.assertEqual(view["pair"][0][3], "n2")
        for host in self.HOSTS:
            failover = wait_for(lambda: c.watch(host, "lead").signal("Failover", lambda p: p[0] == "lead"), 10,
                                f"a Failover signal on {host}")
            self.assertEqual(failover[1:3], ["n1", "n2"])
            self.assertIn("n1", failover[3], "the reason names the failed node")
            self.assertEqual(c.get_key(host, "lead")[0], "n2")
        wait_for(lambda: True in c.watch("n2", "lead").changed("Lead"), 10,
                 "n2's application to be told (PropertiesChanged) that it holds the lead")
        self.assertTrue(c.group_prop("n2", "lead", "Lead"))
        self.assertFalse(c.group_prop("n1", "lead", "Lead"))
        self.assertEqual(c.rig.sandbox("n2").main_pid("lead.service"), n2_pid)

        # n1 repaired: active again, without the lead.
        c.group_call("n1", "lead", "Online")
        c.wait_states("lead", {"n1": "active", "n2": "active"})
        view = c.wait_agreed("lead", ["n1", "n2"])
        self.assertEqual(view["pair"][0][3], "n2")
        self.assertFalse(c.group_prop("n1", "lead", "Lead"))
        self.assertTrue(c.group_prop("n2", "lead", "Lead"))
        for host in self.HOSTS:
            self.assertEqual(c.get_key(host, "lead")[0], "n2")
            leads = [s for s in c.watch(host, "lead").signals
                     if s.get("member") == "Failover" and s["payload"]["data"][0] == "lead"]
            self.assertEqual(len(leads), 1, f"the lead moved more than once on {host}: {leads}")


class SparingTwoOfThree(unittest.TestCase):
    HOSTS = ["n1", "n2", "n3"]

    @classmethod
    def setUpClass(cls):
        cls.cluster = PgmdCluster(cls.HOSTS, PGMD_CONF, {"spare": SPARE_GROUP},
                                  units={"spare.service": simple_unit("sparing member")})
        cls.enterClassContext(cls.cluster)
        # n1 and n2 before the spare, for the same race as in the pairs.
        for host in ("n1", "n2"):
            cls.cluster.start_pgmd(host)
            cls.cluster.wait_states("spare", {host: "active"})
        cls.cluster.start_pgmd("n3")

    def test_a_failed_active_half_moves_to_the_spare_never_three_active(self):
        c = self.cluster
        c.wait_states("spare", {"n1": "active", "n2": "active", "n3": "standby"})
        view = c.wait_agreed("spare", ["n1", "n2"])
        self.assertEqual(view["pair"][0][1], "sparing")
        self.assertEqual([c.unit_state(h, "spare.service") for h in self.HOSTS], ["active", "active", "inactive"])

        c.rig.run("n2", ["kill", "-9", str(c.rig.sandbox("n2").main_pid("spare.service"))])
        c.wait_states("spare", {"n1": "active", "n2": "unavailable", "n3": "active"})
        c.wait_agreed("spare", ["n1", "n3"])
        for host in self.HOSTS:
            failover = wait_for(lambda: c.watch(host, "spare").signal("Failover", lambda p: p[0] == "spare"), 10,
                                f"a Failover signal on {host}")
            self.assertEqual(failover[1:3], ["n2", "n3"])
            self.assertIn("n2", failover[3], "the reason names the failed node")
        self.assertEqual([c.unit_state(h, "spare.service") for h in ("n1", "n3")], ["active", "active"])
        self.assertNotEqual(c.unit_state("n2", "spare.service"), "active")
        # The same by systemd on the shared CLOCK_MONOTONIC: the spare's
        # member started (its only start) after n2's had died.
        n2_down = c.unit_stamp("n2", "spare.service", "InactiveEnterTimestampMonotonic")
        n3_up = c.unit_stamp("n3", "spare.service", "InactiveExitTimestampMonotonic")
        self.assertGreater(n2_down, 0)
        self.assertGreater(n3_up, n2_down, "the spare's member started before n2's was down")
        print(f"n2's member down -> the spare's starting: {n3_up - n2_down:.3f} s", flush=True)

        # Repaired, n2 is the spare now.
        c.group_call("n2", "spare", "Online")
        c.wait_states("spare", {"n1": "active", "n2": "standby", "n3": "active"})
        c.wait_agreed("spare", ["n1", "n3"])
        wait_runs_nothing(c, "n2", "spare.service")

        c.assert_active_at_most("spare", allowed=2, intervals=3, hosts=self.HOSTS)
        # n1's half was not disturbed by any of it.
        self.assertEqual(len(c.watch("n1", "spare").active_intervals(True)), 1)


if __name__ == "__main__":
    require_cluster_rig()
    unittest.main(verbosity=2)
