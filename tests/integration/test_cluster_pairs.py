#!/usr/bin/env python3
"""A hot-standby pair across two computers, with pgmd from this tree on both
hosts of the cluster rig (sandboxed systemd + Debian's corosync each), seen
over D-Bus on both: the pair comes up active on the first node of Nodes=;
its active member killed past its budget, the other node's half becomes
active and a Failover is signalled; a switch-over back is refused while the
old half is not a ready standby and accepted once it was repaired (both
nodes signal SwitchoverEnded, completed). All the
while both nodes' group objects are watched, and their active intervals must
never overlap. A host that is lost (SIGKILL to its PID 1, as on power loss)
has its half taken over only after the survivor fenced it, through
tests/integration/cluster/fence-test-agent (which records the node off: the
test already killed it)."""

import json
import time
import unittest

from cluster_pgmd import ARRIVAL_SLACK_S, CLUSTER, FENCE_COMMAND, HOSTS, PairCase, overlaps
from cluster_rig import require_cluster_rig
from common import simple_unit
from pgmd_node import GROUP_IFACE, group_path
from sandbox import SandboxTimeout, wait_for

TOKEN_MS = 1000
GROUP = "app"

PGMD_CONF = f"""[Manager]
StateDirectory=/run/pgmd-state

[Cluster]
GroupName=pgmd-pairs-test
FenceCommand={FENCE_COMMAND}

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

# On each node alone: Switchover refuses it as not paired.
SOLO_GROUP = """[Group]
Layer=application
Units=solo.service
"""


class PairAcrossTwoNodes(PairCase):
    GROUP = GROUP
    TOKEN_MS = TOKEN_MS

    def setUp(self):
        self.boot(PGMD_CONF, {GROUP: APP_GROUP, "solo": SOLO_GROUP},
                  units={"app.service": simple_unit("pair member"), "solo.service": simple_unit("unpaired member")},
                  fence=True)
        # pgmd on n1 first (see start_pair), then n2.
        self.start_pgmd("n1")
        self.wait_states({"n1": "active"})
        self.start_pgmd("n2")

    # -- the scenario ------------------------------------------------------------------

    def test_failover_then_switchover_back_never_two_active(self):
        # Up: active on the first node of Nodes= (started first), standby on
        # the other, one owner set.
        self.wait_states({"n1": "active", "n2": "standby"})
        wait_for(lambda: self.owners_everywhere() == {"n1": ["n1"], "n2": ["n1"]}, 10, "both nodes to agree n1 owns")
        for host in HOSTS:
            self.assertEqual(self.cluster_prop(host, "Connection"), "connected")
            self.assertTrue(self.cluster_prop(host, "Synced"))
            self.assertEqual(self.group_prop(host, "Redundancy"), "hot-standby")
            self.assertEqual(self.group_prop(host, "ClusterNodes"), HOSTS)
        self.assertTrue(self.group_prop("n1", "Lead"))
        self.assertFalse(self.group_prop("n2", "Lead"))
        self.assertEqual(self.group_prop("n2", "Mate"), "n1")
        wait_for(lambda: self.group_prop("n1", "Mate") == "n2" and self.group_prop("n1", "MateState") == "standby",
                 10, "n1 to see n2 as its ready standby")
        key = json.loads(self.busctl("n2", "--json=short", "call", "org.pgmd1", *CLUSTER, "GetKey", "s",
                                     GROUP).stdout)["data"]
        self.assertEqual(key[0], "n1")

        # The active member dies with no budget left: out of service on n1,
        # the half on n2 takes over.
        pid = self.rig.sandbox("n1").main_pid("app.service")
        self.assertGreater(pid, 0)
        killed_at = time.monotonic()
        self.rig.run("n1", ["kill", "-9", str(pid)])
        wait_for(lambda: self.group_prop("n2", "State") == "active", 30, "n2's half to become active",
                 interval=0.02)
        mate_active_after = time.monotonic() - killed_at
        self.wait_states({"n1": "unavailable", "n2": "active"})
        wait_for(lambda: self.owners_everywhere() == {"n1": ["n2"], "n2": ["n2"]}, 10, "both nodes to agree n2 owns")
        for host in HOSTS:
            failover = wait_for(lambda: self.watch[host].signal("Failover", lambda p: p[0] == GROUP), 10,
                                f"a Failover signal on {host}")
            self.assertEqual(failover[1:3], ["n1", "n2"])
        print(f"kill -9 of the active member -> n2's half active seen over D-Bus: {mate_active_after:.3f} s",
              flush=True)

        # No way back while n1's half is not a ready standby.
        accepted, error = self.switchover("n1", "n1")
        self.assertFalse(accepted)
        self.assertIn("org.pgmd1.Error.InvalidState", error)
        accepted, error = self.switchover("n2", "")
        self.assertFalse(accepted)
        self.assertIn("org.pgmd1.Error.InvalidState", error)

        # The operator repairs n1's half: it comes back as a standby (no failback).
        self.busctl("n1", "call", "org.pgmd1", group_path(GROUP), GROUP_IFACE, "Online")
        self.wait_states({"n1": "standby", "n2": "active"})
        wait_for(lambda: self.group_prop("n2", "Mate") == "n1" and self.group_prop("n2", "MateState") == "standby",
                 10, "n2 to see n1 as its ready standby")

        # Now the switch-over back is accepted, and the pair is back on n1.
        accepted, error = self.switchover("n1", "n1")
        self.assertTrue(accepted, error)
        self.wait_states({"n1": "active", "n2": "standby"}, timeout=30)
        wait_for(lambda: self.owners_everywhere() == {"n1": ["n1"], "n2": ["n1"]}, 10, "both nodes to agree n1 owns")
        # Both nodes say how it ended, the one that asked (n1, not the owner) included.
        for host in HOSTS:
            ended = wait_for(lambda: self.watch[host].signal("SwitchoverEnded", lambda p: p[0] == GROUP), 10,
                             f"a SwitchoverEnded signal on {host}")
            self.assertEqual(ended[1:5], ["n2", "n1", "n1", "completed"])

        # The other refusals of the contract.
        for group, name in (("nosuch", "org.pgmd1.Error.NoSuchGroup"), ("solo", "org.pgmd1.Error.NotPaired")):
            r = self.rig.run("n1", ["dbus-send", "--system", "--print-reply", "--dest=org.pgmd1", CLUSTER[0],
                                    f"{CLUSTER[1]}.Switchover", f"string:{group}", "string:"], check=False)
            self.assertIn(name, r.stderr + r.stdout)

        # Never two active halves, by pgmd's own stamps and by arrival; the
        # last signals may still be on their way.
        wait_for(lambda: all(sum(len(self.watch[h].active_intervals(by_pgmd)) for h in HOSTS) == 3
                             for by_pgmd in (True, False)), 10, "every active interval to be recorded")
        for by_pgmd, slack, what in ((True, 0.0, "pgmd's StateChangeTimestamp"),
                                     (False, ARRIVAL_SLACK_S, "GroupStateChanged's arrival")):
            a, b = (self.watch[h].active_intervals(by_pgmd) for h in HOSTS)
            self.assertEqual(len(a) + len(b), 3, f"active twice on n1 and once on n2 ({what}): {a} {b}")
            self.assertEqual(overlaps(a, b, slack), [], f"two active halves at once by {what}")
            gap = min(max(x[0], y[0]) - min(x[1], y[1]) for x in a for y in b)
            print(f"closest hand-over by {what}: {gap * 1000:.1f} ms (negative: overlap)", flush=True)

    def test_a_lost_host_is_fenced_before_its_half_is_taken_over(self):
        self.wait_states({"n1": "active", "n2": "standby"})
        wait_for(lambda: self.owners_everywhere() == {"n1": ["n1"], "n2": ["n1"]}, 10, "both nodes to agree n1 owns")
        killed_at = time.monotonic()
        self.kill_host("n1")
        try:
            wait_for(lambda: self.group_prop("n2", "State") == "active", 30, "n2's half to become active",
                     interval=0.05)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}\n{self.journals()}") from None
        took = time.monotonic() - killed_at
        calls = (self.fence_dir / "calls").read_text().split("\n")
        self.assertIn("off n1", calls)
        self.assertIn("status n1", calls)
        self.assertEqual(self.group_prop("n2", "Owners"), ["n2"])
        failover = wait_for(lambda: self.watch["n2"].signal("Failover", lambda p: p[0] == GROUP), 10,
                            "a Failover signal on n2")
        self.assertEqual(failover[1:3], ["n1", "n2"])
        nodes = {n[0]: n[2] for n in self.cluster_prop("n2", "Nodes")}
        self.assertEqual(nodes.get("n1"), "fenced")
        print(f"host n1 killed -> fenced -> n2's half active seen over D-Bus: {took:.3f} s "
              f"(token {TOKEN_MS} ms)", flush=True)
        # n1 until its host was killed, then n2.
        self.assert_never_two_active(intervals=2)


if __name__ == "__main__":
    require_cluster_rig()
    unittest.main(verbosity=2)
