#!/usr/bin/env python3
"""Faults of a hot-standby pair across two computers, on the cluster rig
(sandboxed systemd + Debian's corosync per host, pgmd from this tree), seen
over D-Bus on both hosts:

- pgmd killed on the node of the active half while the node stays: the
  other node sees it absent, diagnoses it (PeerLost, peer-pgmd-down) and
  moves nothing; systemd restarts pgmd, which re-adopts its running half. pgmd stopped for longer than
  ProcessDownGraceSec=: the node counts as lost, is fenced, and only then
  is its half taken over.
- without any FenceCommand=, the half of a node cut off from the other is
  not taken over (the node runs it on): the pair shows the node as needing
  fencing until the cables are back.
- the group defined differently on the two nodes: the pair is frozen on
  both, a switch-over is refused, nothing moves, not even when the active
  half fails; fixed on one node and reloaded there, it thaws and the rule
  runs again (the failed half is taken over).

Throughout, the group's state is watched on both hosts, and it is never
active on both at once."""

import json
import time
import unittest

from cluster_pgmd import FENCE_COMMAND, HOSTS, PairCase
from cluster_rig import require_cluster_rig
from common import simple_unit
from pgmd_node import MANAGER

GROUP = "app"
# Short enough for a test, long enough that a pgmd restarted by systemd
# (RESTART_S later) has joined again well before it ends on a loaded machine.
GRACE_S = 8
RESTART_S = 3
# corosync's token (1000 ms) + consensus (1.2 x token): a node that died is
# out of the membership after this, then pgmd's reports are exchanged.
NODE_DOWN_S = 2.2
FENCE_STATUS_INTERVAL_S = 1  # the fence agent's --action=status, until it says off
# daemon/log/message_ids.hpp: a lost node that needs fencing (NEEDS_FENCING=yes), and its end.
NEEDS_FENCING_ID = "1bc79a94a52d498e94bcb6343d18e3b4"


def pgmd_conf(fence: bool, grace_s: int = GRACE_S) -> str:
    return f"""[Manager]
StateDirectory=/run/pgmd-state

[Cluster]
GroupName=pgmd-faults-test
ProcessDownGraceSec={grace_s}
{f"FenceCommand={FENCE_COMMAND}" if fence else ""}

[Application]
ProcessRestartBurst=0
GroupRestartBurst=0
"""


def app_group(nodes=HOSTS) -> str:
    return f"""[Group]
Layer=application
Units=app.service
Redundancy=hot-standby
Nodes={" ".join(nodes)}
"""


# The pair's member, on both hosts.
UNITS = {"app.service": simple_unit("pair member")}


class FaultsCase(PairCase):
    GROUP = GROUP

    def saved_state(self, host: str) -> str | None:
        """The group's state in pgmd's state file on `host` (what a restarted
        pgmd adopts), or None."""
        out = self.rig.run(host, ["cat", "/run/pgmd-state/state.json"], check=False).stdout
        try:
            return json.loads(out)["groups"][GROUP]["state"]
        except (ValueError, KeyError):
            return None

    def verdict(self, host: str, peer: str) -> list | None:
        """[verdict, link, lost, degraded, evidence] of `peer` in PeerVerdicts on `host`."""
        for v in self.cluster_prop(host, "PeerVerdicts"):
            if v[0] == peer:
                return [v[2], v[3], v[4], v[5], v[6]]
        return None

    def nodes_announced(self, host: str, node: str, presence: str) -> bool:
        """`host`'s pgmd announced `node` with `presence` in Nodes (the
        PropertiesChanged signal: a short state is not missed by polling)."""
        return any(n[0] == node and n[2] == presence
                   for nodes in self.watch[host].cluster_changes("Nodes") for n in nodes)


class PgmdDownOnTheActiveNode(FaultsCase):
    def setUp(self):
        # The restart comes RESTART_S after pgmd died, so that its peer sees
        # it absent for that long: a takeover that did not wait for the grace
        # would have the time to show.
        self.boot(pgmd_conf(fence=True), {GROUP: app_group()}, UNITS, fence=True,
                  pgmd_unit_extra=f"RestartSec={RESTART_S}s")
        # The agent accepts "off" but the plug stays on until the test has
        # really killed the host (it then writes "off"): the fence is
        # confirmed only once the host is gone, as with a real power switch.
        (self.fence_dir / "n1.stuck").write_text("")
        self.start_pair()

    def test_killed_pgmd_readopts_and_a_stopped_one_is_fenced_past_the_grace(self):
        # -- pgmd killed on n1, the node stays: absent, nothing moves, re-adopted.
        member = self.rig.sandbox("n1").main_pid("app.service")
        self.assertGreater(member, 0)
        # A restarted pgmd adopts what its state file says runs.
        self.wait_until(lambda: self.saved_state("n1") == "active", 10, "n1's state file to hold app active")
        pgmd = self.rig.sandbox("n1").main_pid("pgmd.service")
        killed_at = time.monotonic()
        self.rig.run("n1", ["kill", "-9", str(pgmd)])
        self.wait_until(lambda: self.nodes_announced("n2", "n1", "absent"), RESTART_S + 5, "n2 to see n1 absent")
        self.assertIsNotNone(self.watch["n2"].signal("MembershipChanged",
                                                     lambda p: p[0] == "n1" and p[2] == "process-down"))
        # Diagnosed: its pgmd, not its host (the links stay up).
        lost = self.wait_until(lambda: self.watch["n2"].signal("PeerLost", lambda p: p[0] == "n1"), 10,
                               "PeerLost for n1 on n2")
        self.assertEqual(lost[1], "peer-pgmd-down")
        self.assertEqual(self.verdict("n2", "n1")[:2], ["peer-pgmd-down", -1])
        self.assertIn("Peer n1: peer-pgmd-down", self.pgmd_journal("n2"))
        self.wait_until(lambda: self.rig.sandbox("n1").main_pid("pgmd.service") not in (0, pgmd), GRACE_S + 10,
                        "systemd to restart pgmd on n1")
        self.wait_pgmd_answers("n1")
        self.wait_until(lambda: self.presence("n2").get("n1") == "present", GRACE_S + 10, "n2 to see n1 present")
        back_after = time.monotonic() - killed_at
        # Otherwise n1 may have counted as lost meanwhile: not what this part tests.
        self.assertLess(back_after, GRACE_S, "pgmd came back only after ProcessDownGraceSec=")
        print(f"pgmd killed on n1 -> back in the cluster after {back_after:.3f} s (grace {GRACE_S} s)", flush=True)
        self.assertEqual(self.group_prop("n1", "State"), "active")
        self.assertEqual(self.group_prop("n2", "State"), "standby")
        self.assertEqual(self.rig.sandbox("n1").main_pid("app.service"), member)
        self.assertIn(f"group {GROUP} adopted in state active", self.pgmd_journal("n1"))
        self.wait_owners(["n1"])
        self.assertNotIn("off n1", self.cluster.fence_calls())
        self.wait_until(lambda: self.verdict("n2", "n1")[0] == "healthy", 10, "n2 to see n1 healthy again")
        # Only the one verdict: nothing said its host or a link was down.
        self.assertEqual([p[1] for p in self.watch["n2"].signals_of("PeerLost")], ["peer-pgmd-down"])
        self.assertIsNone(self.watch["n2"].signal("Failover", lambda p: p[0] == GROUP))

        # -- pgmd stopped on n1 and not back: lost past the grace, fenced, taken over.
        stopped_at = time.monotonic()
        self.rig.run("n1", ["systemctl", "stop", "pgmd.service"])
        self.wait_until(lambda: self.presence("n2").get("n1") == "absent", 10, "n2 to see n1 absent")
        self.wait_until(lambda: self.presence("n2").get("n1") == "lost", GRACE_S + 10, "n2 to count n1 lost")
        lost_after = time.monotonic() - stopped_at
        # n2 counts the grace from the membership change, which came after
        # the stop began: seen lost any sooner, the grace was not kept.
        self.assertGreaterEqual(lost_after, GRACE_S)
        self.wait_until(lambda: "off n1" in self.cluster.fence_calls(), 10, "n2 to run the fence agent on n1")
        # Off asked, not confirmed: n1's members still run, n2's half waits.
        self.assertEqual(self.rig.sandbox("n1").main_pid("app.service"), member)
        self.assertEqual(self.group_prop("n2", "State"), "standby")
        self.assertEqual(self.group_prop("n2", "Owners"), ["n1"])
        self.kill_host("n1")
        (self.fence_dir / "n1").write_text("off\n")
        self.wait_until(lambda: self.group_prop("n2", "State") == "active", FENCE_STATUS_INTERVAL_S + 15,
                        "n2's half to become active once n1 is confirmed off")
        print(f"pgmd stopped on n1 -> n1 lost after {lost_after:.3f} s (grace {GRACE_S} s)", flush=True)
        self.assertEqual(self.presence("n2").get("n1"), "fenced")
        self.assertEqual(self.group_prop("n2", "Owners"), ["n2"])
        failover = self.wait_until(lambda: self.watch["n2"].signal("Failover", lambda p: p[0] == GROUP), 10,
                                   "a Failover signal on n2")
        self.assertEqual(failover[1:3], ["n1", "n2"])
        self.assertIn("fencing node n1", self.pgmd_journal("n2"))
        # n1 from the start until its host was killed, then n2.
        self.assert_never_two_active(intervals=2)


class WithoutFencing(FaultsCase):
    GRACE_S = 3

    def setUp(self):
        self.boot(pgmd_conf(fence=False, grace_s=self.GRACE_S), {GROUP: app_group()}, UNITS)
        self.start_pair()

    def test_a_node_cut_off_is_not_taken_over_and_shows_as_needing_fencing(self):
        # Both of n1's cables pulled: each side sees the other node down, and
        # each keeps quorum (two_node). n1 goes on running its active half;
        # n2, which cannot fence it, must not start a second one. (No wait
        # for knet to settle: with both links cut the token is lost, which is
        # what this wants, however quickly knet marks the links down.)
        cut_at = time.monotonic()
        for link in (0, 1):
            self.rig.cut("n1", link)
        self.wait_until(lambda: self.presence("n2").get("n1") == "lost", NODE_DOWN_S + 20, "n2 to count n1 lost")
        print(f"both links of n1 cut -> n1 lost at n2 after {time.monotonic() - cut_at:.3f} s", flush=True)
        self.wait_until(lambda: (self.pair("n2") or {}).get("needs_fencing") == ["n1"], 10,
                        "n2 to show n1 as needing fencing")
        self.wait_until(lambda: "n1 is lost and needs fencing" in self.pgmd_journal(
                            "n2", f"MESSAGE_ID={NEEDS_FENCING_ID}", "NODE=n1", "NEEDS_FENCING=yes"), 10,
                        "n2's journal to say that n1 needs fencing")
        self.wait_until(lambda: self.presence("n1").get("n2") == "lost", 10, "n1 to count n2 lost")
        self.assertTrue(self.cluster_prop("n2", "Synced"))
        # n2 decided when it was synced after the loss. The only change of
        # presence the arbiter then makes on its own is absent -> lost at the
        # end of ProcessDownGraceSec=: watching n2 until a grace past the
        # loss would also catch a loss first taken for a process-down.
        hold_until = cut_at + NODE_DOWN_S + self.GRACE_S + 1
        while time.monotonic() < hold_until:
            self.assertEqual({h: self.group_prop(h, "State") for h in HOSTS}, {"n1": "active", "n2": "standby"})
            time.sleep(0.1)
        self.assertEqual(self.pair("n2")["owners"], ["n1"])
        self.assertEqual(self.pair("n1")["owners"], ["n1"])
        self.assertIsNone(self.watch["n2"].signal("Failover", lambda p: p[0] == GROUP))

        # Cables back: one membership again, the same owner, nothing to fence.
        for link in (0, 1):
            self.rig.restore("n1", link)
        healed_at = time.monotonic()
        self.rig.wait_quorate()
        self.wait_until(lambda: self.presence("n2").get("n1") == self.presence("n1").get("n2") == "present", 30,
                        "both nodes to see each other present")
        print(f"links back -> both pgmds present again after {time.monotonic() - healed_at:.3f} s", flush=True)
        self.wait_owners(["n1"])
        self.assertEqual(self.pair("n2")["needs_fencing"], [])
        self.wait_until(lambda: "n1 no longer needs fencing" in self.pgmd_journal(
                            "n2", f"MESSAGE_ID={NEEDS_FENCING_ID}", "NODE=n1", "NEEDS_FENCING=no"), 10,
                        "n2's journal to say that n1 no longer needs fencing")
        self.assertEqual({h: self.group_prop(h, "State") for h in HOSTS}, {"n1": "active", "n2": "standby"})
        # n1's, all along.
        self.assertEqual(self.watch["n2"].active_intervals(by_pgmd=True), [])
        self.assert_never_two_active(intervals=1)


class MismatchedDefinitions(FaultsCase):
    def setUp(self):
        # The same group on both nodes, with Nodes= in another order on n2:
        # the owner rule would pick another first node there.
        self.boot(pgmd_conf(fence=False), {GROUP: app_group(["n1", "n2"])}, UNITS,
                  host_groups={"n2": {GROUP: app_group(["n2", "n1"])}})
        self.start_pgmd("n1")
        self.wait_states({"n1": "active"})
        # n2's watch listens first: n2 freezes the pair at its first sync.
        self.start_pgmd("n2", watch_first=True)

    def frozen_why(self, host: str) -> str | None:
        return dict(self.cluster_prop(host, "FrozenPairs")).get(GROUP)

    def half_state(self, host: str, node: str) -> str | None:
        """`node`'s half as `host` was last told of it (Halves)."""
        for group, half_node, state, *_ in self.cluster_prop(host, "Halves"):
            if group == GROUP and half_node == node:
                return state
        return None

    def test_a_frozen_pair_moves_nothing_until_a_reload_makes_the_definitions_agree(self):
        self.wait_states({"n1": "active", "n2": "standby"})
        for host in HOSTS:
            other = "n2" if host == "n1" else "n1"
            self.wait_until(lambda: self.frozen_why(host) is not None, 10, f"{host} to list {GROUP} frozen")
            self.assertIn(f"differs on {other}", self.frozen_why(host))
            signal = self.wait_until(lambda: self.watch[host].signal("PairFrozen", lambda p: p[0] == GROUP and p[1]),
                                     10, f"PairFrozen on {host}")
            self.assertIn(other, signal[2])
            self.assertIn(f"Group {GROUP}: pair frozen", self.pgmd_journal(host))
        for host, to in (("n1", "n2"), ("n2", "n2"), ("n2", "")):
            accepted, error = self.switchover(host, to)
            self.assertFalse(accepted)
            self.assertIn("org.pgmd1.Error.PairDefinitionMismatch", error)
        # Nothing moved.
        self.assertEqual(self.owners_everywhere(), {"n1": ["n1"], "n2": ["n1"]})
        self.assertEqual({h: self.group_prop(h, "State") for h in HOSTS}, {"n1": "active", "n2": "standby"})

        # Not even when the active half fails: its member dies with no
        # restart left, and n1's half is out of service. n2 applies the rule
        # (or not, frozen) as the failure is delivered, before it shows the
        # half in Halves: once it shows it, its owners are what it decided.
        self.rig.run("n1", ["kill", "-9", str(self.rig.sandbox("n1").main_pid("app.service"))])
        self.wait_states({"n1": "unavailable"})
        self.wait_until(lambda: self.half_state("n2", "n1") == "unavailable", 10,
                        "n2 to have n1's half reported unavailable")
        self.assertEqual(self.owners_everywhere(), {"n1": ["n1"], "n2": ["n1"]})
        self.assertEqual(self.group_prop("n2", "State"), "standby")

        # [Cluster] is read only at start, but groups are reloaded: fixed on
        # n2 and reloaded there, the pair thaws on both nodes, and the rule
        # runs again: n1's failed half leaves the owners, n2's takes over.
        (self.config_dirs["n2"] / "groups.d" / f"{GROUP}.group").write_text(app_group(["n1", "n2"]))
        self.busctl("n2", "call", "org.pgmd1", *MANAGER, "Reload")
        for host in HOSTS:
            self.wait_until(lambda: self.watch[host].signal("PairFrozen", lambda p: p[0] == GROUP and not p[1]),
                            10, f"PairFrozen false on {host}")
            self.wait_until(lambda: self.frozen_why(host) is None, 10, f"{host} to list {GROUP} no more frozen")
            self.assertIn(f"Group {GROUP}: pair no longer frozen", self.pgmd_journal(host))
        self.wait_states({"n1": "unavailable", "n2": "active"}, timeout=30)
        self.wait_owners(["n2"])
        for host in HOSTS:
            failover = self.wait_until(lambda: self.watch[host].signal("Failover", lambda p: p[0] == GROUP), 10,
                                       f"a Failover signal on {host}")
            self.assertEqual(failover[1:3], ["n1", "n2"])
        self.assert_never_two_active(intervals=2)


if __name__ == "__main__":
    require_cluster_rig()
    unittest.main(verbosity=2)
