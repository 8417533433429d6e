#!/usr/bin/env python3
"""The cluster rig with a board (cluster_board.py): two corosync hosts
running a hot-standby pair, both watched by one pgm-icd over their own
fault-proxied serial lines, with the power of each switched by the board.

A hung host (its whole sandbox frozen: no heartbeat, no corosync, no pgmd)
is power-cycled by the board once its heartbeat timeout (500 ms) has
passed, not before and well before corosync's token would notice; it boots
again, its pgmd starts and it rejoins the cluster as the standby it was,
while the active half stays where it is. Prints the timings."""

import time
import unittest

from cluster_board import BOARD_TIMEOUT_S, HEARTBEAT_INTERVAL, BoardPairCase, ms
from cluster_rig import require_cluster_rig

BEAT_S = float(HEARTBEAT_INTERVAL.removesuffix("ms")) / 1000
# The board's clock starts at the last beat that got through, at most one
# interval before the freeze; how late it may act on a loaded machine.
BOARD_LATE_S = 1.5


class HungHostIsPowerCycled(BoardPairCase):
    def test_hung_standby_is_cycled_by_the_board_and_rejoins(self):
        cluster = self.cluster
        frozen_at = cluster.freeze("n2")
        off_at = cluster.wait_power_event("n2", "off", 1, timeout=30)
        on_at = cluster.wait_power_event("n2", "on", 2, timeout=30)
        booted_at = cluster.wait_power_event("n2", "booted", 2, timeout=90)
        cluster.wait_rejoined("n2", boots=2)
        rejoined_at = time.monotonic()
        self.wait_states({"n1": "active", "n2": "standby"})
        self.wait_owners(["n1"])
        cluster.wait_armed(["n2"])
        # When n1's corosync saw n2 leave: only after the board had acted.
        left = cluster.first_journal_event("n1", "corosync.service", "Members left", frozen_at)
        print(f"hung host: board power-off {ms(off_at - frozen_at)} after the freeze (timeout "
              f"{ms(BOARD_TIMEOUT_S)}, beats every {HEARTBEAT_INTERVAL}); corosync on n1 saw it leave "
              f"{ms(left[0] - frozen_at)} after; power on {ms(on_at - off_at)} after the off; booted "
              f"{ms(booted_at - on_at)} after; pgmd up and the cluster quorate {ms(rejoined_at - booted_at)} "
              f"later", flush=True)

        self.assertGreaterEqual(off_at - frozen_at, BOARD_TIMEOUT_S - BEAT_S, cluster.board.log())
        self.assertLess(off_at - frozen_at, BOARD_TIMEOUT_S + BOARD_LATE_S, cluster.board.log())
        self.assertLess(off_at, left[0], "the board must act before corosync's membership changes")
        self.assertIn("heartbeat timeout", cluster.board_prop("n2", "LastReason"))
        self.assertEqual(cluster.machines["n2"].calls(), ["on", "booted", "off", "on", "booted"])
        self.assertEqual(cluster.machines["n1"].calls(), ["on", "booted"])
        self.assertEqual(cluster.board_prop("n2", "CyclesInWindow"), 1)
        # n1 active throughout, n2 never.
        self.assertEqual(cluster.active_intervals("n2", self.GROUP, by_pgmd=True), [])
        self.assert_never_two_active(intervals=1)


if __name__ == "__main__":
    require_cluster_rig()
    unittest.main(verbosity=2)
