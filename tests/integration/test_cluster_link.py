#!/usr/bin/env python3
"""The corosync adapter (daemon/cluster, CorosyncLink) against real corosync
in the cluster rig, through cpg-probe: the group forms, messages keep one
order on every node, a killed process is ProcessDown and a killed host is
NodeDown at the survivor (which keeps quorum: two_node), and a corosync
restart is a reported disconnection followed by a rejoin."""

import time
import unittest
from contextlib import ExitStack

from cluster_rig import ClusterRig, require_cluster_rig
from cpg_probe import CpgProbe, probe_binds, seconds
from sandbox import wait_for

TOKEN_MS = 1000
CONSENSUS_MS = 1.2 * TOKEN_MS  # corosync's default


def link_connected(event: dict, node: int, link: int) -> bool | None:
    for l in event["links"]:
        if l["node"] == node and l["link"] == link:
            return l["connected"]
    return None


def all_connected(event: dict) -> bool:
    return bool(event["links"]) and all(l["connected"] for l in event["links"])


def left_with(node: int, reason: str):
    return lambda e: any(l["node"] == node and l["reason"] == reason for l in e["left"])


def joined_with(node: int):
    return lambda e: any(j["node"] == node for j in e["joined"])


class ProbesOnTwoNodes(unittest.TestCase):
    def setUp(self):
        self.stack = ExitStack()
        self.rig = self.stack.enter_context(ClusterRig(["n1", "n2"], token_ms=TOKEN_MS, binds=probe_binds()))
        self.rig.wait_quorate()
        self.probes = {}

    def tearDown(self):
        for probe in self.probes.values():
            probe.close()
        self.stack.close()

    def start_probe(self, host: str) -> CpgProbe:
        if host in self.probes:
            self.probes[host].close()
        self.probes[host] = CpgProbe(self.rig, host)
        return self.probes[host]

    def start_both(self) -> tuple[CpgProbe, CpgProbe]:
        # One after the other, so that n1 sees n2's probe join.
        p1 = self.start_probe("n1")
        self.assertEqual(p1.wait("joined")["node"], 1)
        p2 = self.start_probe("n2")
        self.assertEqual(p2.wait("joined")["node"], 2)
        p1.wait("membership", lambda e: e["members"] == [1, 2], what="n1 to see n2's probe join")
        p2.wait("membership", lambda e: e["members"] == [1, 2], what="n2 to see the group of two")
        return p1, p2

    def test_join_order_process_down_and_node_down(self):
        p1, p2 = self.start_both()
        change = p1.wait("membership", joined_with(2))
        self.assertEqual(change["joined"][0]["reason"], "join")
        self.assertTrue(p1.wait("quorum")["quorate"])

        # Both send at once; both deliver the same sequence, own messages included.
        count = 20
        for i in range(count):
            p1.send(f"a{i}")
            p2.send(f"b{i}")
        seen1 = p1.wait_messages(2 * count)
        seen2 = p2.wait_messages(2 * count)
        self.assertEqual(seen1, seen2)
        self.assertEqual([t for f, t in seen1 if f == 1], [f"a{i}" for i in range(count)])
        self.assertEqual([t for f, t in seen1 if f == 2], [f"b{i}" for i in range(count)])

        # A burst larger than corosync's IPC queue: whatever it refuses for
        # a moment (CS_ERR_TRY_AGAIN) is retried, in order.
        burst = 2000
        p1.process.proc.stdin.write("".join(f"burst{i}\n" for i in range(burst)))
        p1.process.proc.stdin.flush()
        seen2 = p2.wait_messages(2 * count + burst, timeout=30)
        self.assertEqual([t for f, t in seen2[2 * count:]], [f"burst{i}" for i in range(burst)])

        # The probe dies, its node stays: ProcessDown without a token timeout.
        mark = p1.mark()
        killed = p2.kill()
        down = p1.wait("membership", left_with(2, "process-down"), since=mark, timeout=5)
        print(f"probe killed -> process-down at the peer: {(seconds(down) - killed) * 1000:.1f} ms")
        self.assertEqual(down["members"], [1])

        # The whole host goes: NodeDown after token + consensus; two_node keeps quorum.
        p2 = self.start_probe("n2")
        p1.wait("membership", joined_with(2), since=mark)
        mark = p1.mark()
        killed = time.monotonic()
        self.rig.kill("n2")
        down = p1.wait("membership", left_with(2, "node-down"), since=mark, timeout=15)
        latency = seconds(down) - killed
        print(f"host killed -> node-down at the peer: {latency:.2f} s "
              f"(token + consensus = {(TOKEN_MS + CONSENSUS_MS) / 1000:.1f} s)")
        self.assertGreater(latency, TOKEN_MS / 1000)
        self.assertLess(latency, 3 * (TOKEN_MS + CONSENSUS_MS) / 1000)
        quorum = p1.wait("quorum", lambda e: e["members"] == [1], since=mark)
        self.assertTrue(quorum["quorate"])
        self.assertNotIn("disconnected", [e["event"] for e in p1.events(mark)])
        del self.probes["n2"]  # it died with its host
        p2.close()

    def test_corosync_restart_disconnects_and_rejoins(self):
        p1, p2 = self.start_both()
        mark1, mark2 = p1.mark(), p2.mark()
        restarted = time.monotonic()
        self.rig.run("n2", ["systemctl", "restart", "corosync.service"])
        lost = p2.wait("disconnected", since=mark2, timeout=15)
        self.assertEqual(lost["reason"], "unreachable")
        rejoined = p2.wait("joined", since=mark2, timeout=30)
        p2.wait("membership", lambda e: e["members"] == [1, 2], since=mark2, timeout=30)
        print(f"corosync restart -> probe rejoined: {seconds(rejoined) - restarted:.2f} s "
              f"({lost['detail']})")
        # A clean stop of corosync (its unit's ExecStop) takes n2's probe out
        # of the group before n2 leaves the ring: the peer sees ProcessDown
        # then, NodeDown only when the host vanishes.
        gone = p1.wait("membership", lambda e: any(l["node"] == 2 for l in e["left"]), since=mark1)
        print(f"peer saw n2's probe leave with reason {gone['left'][0]['reason']}")
        self.assertIn(gone["left"][0]["reason"], ("process-down", "node-down"))
        p1.wait("membership", lambda e: joined_with(2)(e) and e["members"] == [1, 2], since=mark1, timeout=30)
        # The group works again, both ways.
        p2.send("after-restart")
        p1.wait("message", lambda e: e["text"] == "after-restart" and e["from"] == 2)
        p1.send("welcome-back")
        p2.wait("message", lambda e: e["text"] == "welcome-back", since=mark2)


class LinkStates(unittest.TestCase):
    def test_cut_link_seen_when_asked_and_recovery_seen_by_the_refresh_timer(self):
        # Fast knet pings: with the defaults a cut costs the token (see test_cluster_rig.py).
        with ClusterRig(["n1", "n2"], knet_ping_ms=(100, 400), binds=probe_binds()) as rig:
            rig.wait_quorate()
            p1 = CpgProbe(rig, "n1", link_refresh_ms=200)
            try:
                p1.wait("links", all_connected, what="both links to n2 connected")
                rig.wait_links_settled()
                mark = p1.mark()
                rig.cut("n2", 0)
                cut = time.monotonic()

                # No membership change follows a cut link. The adapter hears
                # of it from corosync's tracked link stats (sampled every
                # 1.5 s); asked, it reads the links at once.
                def reported_down():
                    p1.send("!links")
                    events = [e for e in p1.events(mark) if e["event"] == "links"]
                    return any(link_connected(e, 2, 0) is False for e in events)
                wait_for(reported_down, 10, "n1's adapter to report link 0 to n2 down", interval=0.1)
                down = next(e for e in p1.events(mark) if e["event"] == "links" and link_connected(e, 2, 0) is False)
                print(f"link cut -> reported disconnected when asked: {seconds(down) - cut:.2f} s")
                self.assertTrue(link_connected(down, 2, 1))

                # While a link is down the adapter reads links on its timer:
                # the repair shows up without asking.
                mark = p1.mark()
                rig.restore("n2", 0)
                restored = time.monotonic()
                up = p1.wait("links", all_connected, since=mark, timeout=15, what="link 0 back without asking")
                print(f"link restored -> reported connected by the refresh timer: {seconds(up) - restored:.2f} s")
                self.assertEqual([e for e in p1.events() if e["event"] == "membership"][-1]["members"], [1])
                self.assertNotIn("disconnected", [e["event"] for e in p1.events()])
            finally:
                p1.close()


if __name__ == "__main__":
    require_cluster_rig()
    unittest.main(verbosity=2)
