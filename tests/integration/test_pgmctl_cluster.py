#!/usr/bin/env python3
"""pgmctl's cluster commands on the cluster rig (two namespaced hosts, each a
sandboxed systemd with Debian's corosync and pgmd from this tree), with the
hot-standby pair of test_cluster_pairs: `pgmctl cluster` (text and --json)
agrees on the owners on both hosts; `pgmctl key` names the node of the pair's
active half; `pgmctl switchover` returns 0 only once the other host's half is
active and this one's standby, and a `watch` sees the Failover, the
SwitchoverEnded and the halves' death and birth, and a cable of the other host
pulled and plugged in again (link down with its cause, degraded redundancy,
link up); refused switch-overs (to the owner itself, to a node not in Nodes=,
of an unpaired group, of no group, by a caller without the right) give the
reason and their exit status. And on a host whose pgmd.conf has no [Cluster],
`pgmctl cluster` and `pgmctl switchover` say so and exit 6."""

import json
import subprocess
import time
import unittest

from api_node import NOBODY, PGMCTL, class_node
from cluster_pgmd import HOSTS, PairCase, hot_standby_group, pair_pgmd_conf
from cluster_rig import require_cluster_rig
from common import group, simple_unit
from inside_process import InsideProcess
from sandbox import SandboxTimeout, wait_for

GROUP = "app"
NOT_IN_A_CLUSTER = "pgmd on this host is not in a cluster (no [Cluster] section in pgmd.conf)."
# A switch-over stops one half and starts the other; far less than this.
SWITCHOVER_TIMEOUT = "60s"
# daemon/log/message_ids.hpp
SWITCHOVER_ENDED_ID = "86587e8116014cbdbdf7a693d844cc04"

PGMD_CONF = pair_pgmd_conf("pgmd-pgmctl-test")
APP_GROUP = hot_standby_group()

SOLO_GROUP = """[Group]
Layer=application
Units=solo.service
"""


def event(predicate):
    """For InsideProcess.wait_line on `pgmctl watch --json`: the event a line
    holds, if predicate accepts it."""
    def match(line: str) -> dict | None:
        try:
            e = json.loads(line)
        except ValueError:
            return None
        return e if isinstance(e, dict) and predicate(e) else None
    return match


class PgmctlOnAPair(PairCase):
    GROUP = GROUP

    def setUp(self):
        self.boot(PGMD_CONF, {GROUP: APP_GROUP, "solo": SOLO_GROUP},
                  units={"app.service": simple_unit("pair member"), "solo.service": simple_unit("unpaired member")},
                  clients=("pgmctl",))
        # n1 first, so that it owns the pair (no failback decides otherwise).
        self.start_pgmd("n1")
        self.wait_states({"n1": "active"})
        self.start_pgmd("n2")
        self.wait_states({"n1": "active", "n2": "standby"})
        wait_for(lambda: self.group_prop("n1", "Mate") == "n2" and self.group_prop("n1", "MateState") == "standby",
                 30, "n1 to see n2 as its ready standby")

    def pgmctl(self, host: str, *args: str, timeout: float = 30, as_user=()) -> subprocess.CompletedProcess:
        return self.rig.run(host, [*as_user, PGMCTL, "--no-pager", *args], check=False, timeout=timeout)

    def assert_exit(self, result: subprocess.CompletedProcess, status: int) -> None:
        self.assertEqual(result.returncode, status, f"stdout: {result.stdout}\nstderr: {result.stderr}")

    def states(self) -> dict[str, str]:
        return {h: self.group_prop(h, "State") for h in HOSTS}

    def cluster_json(self, host: str) -> dict:
        result = self.pgmctl(host, "cluster", "--json")
        self.assert_exit(result, 0)
        return json.loads(result.stdout)

    def owners_by_host(self) -> dict[str, list]:
        return {h: [p["owners"] for p in self.cluster_json(h)["pairs"] if p["group"] == GROUP] for h in HOSTS}

    def switchover(self, host: str, *args: str) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
        """pgmctl switchover, and the states on both hosts read the moment it returned."""
        result = self.pgmctl(host, f"--timeout={SWITCHOVER_TIMEOUT}", "switchover", *args, timeout=90)
        return result, self.states()

    def test_cluster_view_switchover_and_refusals(self):
        # Both hosts synced and agreeing that n1 owns the pair.
        wait_for(lambda: self.owners_by_host() == {"n1": [["n1"]], "n2": [["n1"]]}, 30,
                 "both hosts' pgmctl cluster --json to agree n1 owns app")
        for host in HOSTS:
            c = self.cluster_json(host)
            self.assertEqual(c["local_node"], host)
            self.assertEqual(c["connection"], "connected")
            self.assertTrue(c["quorate"])
            self.assertEqual(c["group_name"], "pgmd-pgmctl-test")
            self.assertEqual(sorted(n["name"] for n in c["nodes"]), HOSTS)
            self.assertEqual(c["frozen_pairs"], [])
            halves = {h["node"]: h for h in c["halves"] if h["group"] == GROUP}
            self.assertEqual(halves["n1"]["state"], "active")
            self.assertTrue(halves["n1"]["claims_active"])
            self.assertEqual(halves["n2"]["state"], "standby")
            # The peer diagnosed healthy, both of its links up, on the rig's interfaces.
            peer = "n2" if host == "n1" else "n1"
            self.assertEqual([(v["node"], v["verdict"], v["lost"]) for v in c["peer_verdicts"]],
                             [(peer, "healthy", False)])
            self.assertEqual([(b["node"], b["board_host"], b["view"]) for b in c["board_views"]],
                             [(peer, 0, "unknown")])
            self.assertEqual([(l["node"], l["link"], l["connected"], l["interface"], l["carrier"])
                              for l in c["link_states"]],
                             [(peer, 0, True, "cl0", "up"), (peer, 1, True, "cl1", "up")])
            text = self.pgmctl(host, "cluster")
            self.assert_exit(text, 0)
            self.assertIn(f"Node: {host} (id {self.rig.node_id(host)})", text.stdout)
            self.assertIn("\nPairs:\nGROUP REDUNDANCY  OWNERS LEAD NEEDS-FENCING\napp   hot-standby n1     -    -\n",
                          text.stdout)
            # No board in this rig: the peer's board view is "-", unknown in --json.
            self.assertIn(f"\nPeers:\nNODE VERDICT LINK LOST BOARD EVIDENCE\n{peer}   healthy -    no   -     in the group, "
                          "every link up", text.stdout)
        # The pair's key names the node of its active half, on either host;
        # an unpaired group's key is its name and incarnation alone.
        incarnation = self.group_prop("n1", "Incarnation")
        for host in HOSTS:
            key = self.pgmctl(host, "key", GROUP)
            self.assert_exit(key, 0)
            self.assertEqual(key.stdout, f"app {incarnation} n1\n", host)
            as_json = json.loads(self.pgmctl(host, "key", GROUP, "--json").stdout)
            self.assertEqual(as_json, {"name": GROUP, "incarnation": incarnation, "node": "n1"}, host)
        solo = self.pgmctl("n1", "key", "solo")
        self.assert_exit(solo, 0)
        self.assertEqual(solo.stdout, f"solo {self.cluster.group_prop('n1', 'solo', 'Incarnation')}\n")
        status = self.pgmctl("n2", "status", GROUP)
        self.assert_exit(status, 0)
        for line in ("Redundancy: hot-standby", "Nodes: n1, n2", "Owners: n1", "Mate: n1 (active)"):
            self.assertIn(line, status.stdout)
        as_json = json.loads(self.pgmctl("n2", "status", GROUP, "--json").stdout)[0]
        self.assertEqual((as_json["owners"], as_json["mate"], as_json["mate_state"]), (["n1"], "n1", "active"))

        # Refusals: pgmd's reason, after "Failed to switch ... over".
        result = self.pgmctl("n1", "switchover", GROUP, "n1")
        self.assert_exit(result, 1)
        self.assertEqual(result.stderr.strip(), "Failed to switch app over to n1: app is already active on n1")
        result = self.pgmctl("n2", "switchover", GROUP, "n3")
        self.assert_exit(result, 1)
        self.assertEqual(result.stderr.strip(), "Failed to switch app over to n3: n3 is not listed in Nodes= of app")
        result = self.pgmctl("n1", "switchover", "solo")
        self.assert_exit(result, 1)
        self.assertEqual(result.stderr.strip(),
                         "Failed to switch solo over: solo is not paired across computers (Redundancy=none)")
        result = self.pgmctl("n1", "switchover", "nosuch")
        self.assert_exit(result, 4)
        self.assertEqual(result.stderr.strip(), "Group nosuch not found.")
        # Anyone may look; only root and pgmd-admin may switch over.
        self.assert_exit(self.pgmctl("n2", "cluster", as_user=NOBODY), 0)
        result = self.pgmctl("n2", "switchover", GROUP, as_user=NOBODY)
        self.assert_exit(result, 1)
        self.assertEqual(result.stderr.strip(),
                         "Failed to switch app over: Access denied (run as root or as a member of pgmd-admin)")
        self.assertEqual(self.states(), {"n1": "active", "n2": "standby"}, "a refusal changes nothing")

        # A watch on n1, proven listening by an event it must show.
        watch = InsideProcess(self.rig.sandbox("n1"), [PGMCTL, "watch", "--json"])
        self.addCleanup(watch.close)

        def watch_listens() -> bool:
            self.pgmctl("n1", "restart", "--no-block", "solo")
            return watch.wait_line(event(lambda e: e.get("group") == "solo"), 5, "") is not None
        wait_for(lambda: self._quietly(watch_listens), 30, "pgmctl watch on n1 to show an event")

        # Switch-over asked on the owner, to the best ready standby.
        started = time.monotonic()
        result, states = self.switchover("n1", GROUP)
        took = time.monotonic() - started
        self.assert_exit(result, 0)
        self.assertEqual(states, {"n1": "standby", "n2": "active"}, "returned before the switch-over was done")
        failover = watch.wait_line(event(lambda e: e.get("event") == "failover" and e["group"] == GROUP),
                                   10, "watch on n1 to print the Failover")
        self.assertEqual((failover["from_node"], failover["to_node"]), ("n1", "n2"))
        ended = watch.wait_line(event(lambda e: e.get("event") == "switchover_ended" and e["group"] == GROUP),
                                10, "watch on n1 to print the SwitchoverEnded")
        self.assertEqual((ended["from_node"], ended["to_node"], ended["by_node"], ended["outcome"]),
                         ("n1", "n2", "n1", "completed"))
        # The halves' deaths and births come only to an interested caller:
        # watch registered its interest in the paired group.
        died = watch.wait_line(event(lambda e: e.get("event") == "half_died" and e["node"] == "n1"),
                               10, "watch on n1 to print the HalfDied of n1's half")
        born = watch.wait_line(event(lambda e: e.get("event") == "half_born" and e["node"] == "n2"),
                               10, "watch on n1 to print the HalfBorn of n2's half")
        self.assertEqual((died["group"], born["group"]), (GROUP, GROUP))
        self.assertEqual(born["incarnation"], self.group_prop("n2", "Incarnation"))
        wait_for(lambda: self.owners_by_host() == {"n1": [["n2"]], "n2": [["n2"]]}, 10,
                 "both hosts' pgmctl cluster --json to agree n2 owns app")
        # Both hosts' journals tell how it ended, under its MESSAGE_ID.
        for host in HOSTS:
            wait_for(lambda: "switch-over of app from n1 to n2 (asked on n1) completed" in self.cluster.pgmd_journal(
                host, f"MESSAGE_ID={SWITCHOVER_ENDED_ID}", "GROUP=app", "OUTCOME=completed", "BY_NODE=n1"),
                     10, f"{host}'s journal to tell the switch-over's end")
        print(f"pgmctl switchover app on n1: {took:.3f} s", flush=True)

        # And back, asked on the standby side (n2 owns it now), to n1 by name.
        wait_for(lambda: self.group_prop("n2", "Mate") == "n1" and self.group_prop("n2", "MateState") == "standby",
                 30, "n2 to see n1 as its ready standby")
        result, states = self.switchover("n2", GROUP, "n1")
        self.assert_exit(result, 0)
        self.assertEqual(states, {"n1": "active", "n2": "standby"}, "returned before the switch-over was done")
        wait_for(lambda: self.owners_by_host() == {"n1": [["n1"]], "n2": [["n1"]]}, 10,
                 "both hosts' pgmctl cluster --json to agree n1 owns app again")

        # One of n2's cables pulled: the watch on n1 prints the link down
        # (two nodes, carrier up here: the cause cannot be told), pgmctl
        # cluster shows degraded redundancy, and nothing moves; plugged in
        # again, the watch prints the link up.
        self.rig.wait_links_settled()
        self.rig.cut("n2", 0)
        down = watch.wait_line(event(lambda e: e.get("event") == "link_down"), 15, "watch on n1 to print the link down")
        self.assertEqual((down["node"], down["link"], down["cause"]), ("n2", 0, "unknown"))
        verdicts = self.cluster_json("n1")["peer_verdicts"]
        self.assertEqual([(v["verdict"], v["link"], v["lost"], v["degraded"]) for v in verdicts],
                         [("link-down", 0, False, True)])
        self.assertIn("link-down (degraded redundancy)", self.pgmctl("n1", "cluster").stdout)
        self.assertEqual(self.states(), {"n1": "active", "n2": "standby"}, "a broken link moves nothing")
        self.rig.restore("n2", 0)
        up = watch.wait_line(event(lambda e: e.get("event") == "link_up"), 15, "watch on n1 to print the link up")
        self.assertEqual((up["node"], up["link"]), ("n2", 0))

    @staticmethod
    def _quietly(attempt) -> bool:
        try:
            return attempt()
        except SandboxTimeout:
            return False


class PgmctlWithoutACluster(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        config = {"groups.d/web.group": group("application", "web.service")}
        cls.node = class_node(cls, "pgmctl-nocluster", config, {"web.service": simple_unit()}, needs=("pgmctl",),
                              settled={"web": "active"})

    def pgmctl(self, *args: str) -> subprocess.CompletedProcess:
        return self.node.run([PGMCTL, "--no-pager", *args], check=False)

    def test_cluster_commands_say_there_is_none(self):
        for args in (("cluster",), ("cluster", "--json"), ("switchover", "web"), ("switchover", "--no-block", "web")):
            result = self.pgmctl(*args)
            self.assertEqual(result.returncode, 6, f"{args}: {result.stdout} {result.stderr}")
            self.assertEqual(result.stderr.strip(), NOT_IN_A_CLUSTER, args)
            self.assertEqual(result.stdout, "", args)
        self.assertNotIn("Redundancy", self.pgmctl("status", "web").stdout)


if __name__ == "__main__":
    require_cluster_rig()
    unittest.main(verbosity=2)
