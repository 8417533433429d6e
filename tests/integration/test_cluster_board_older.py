#!/usr/bin/env python3
"""A pgmd that knows the board fencing of issue 14 on a board that does not
(issue 14, "older-board compatibility").

The older board is real: pgm-icd built from this repository as it was at the
last commit before the fencing extension (meson target older-board.txt,
build-older-board), the board a site runs until it updates it. It answers
FENCE_PEER, a message type it does not know, with NAK unknown-type, as every
board has always answered unknown types; it still watches heartbeats and
power-cycles a silent host, but tells nobody. A hot-standby pair on n1
(active) and n2; n1 dies (its sandbox gone, power on):

- with FenceCommand=: n2 asks the board, gets NAK unknown-type, falls back
  to the fence agent, and takes over once the agent confirmed n1 off, after
  corosync's membership changed (nothing came from the board);
- without FenceCommand=: n2 never takes over while n1 is down; the pair
  says it needs fencing; n1, cycled by the board, comes back.

The older board holds n1 off for 5 s, so that the fence agent's "off" is
true while it is asked. The group is never active on both hosts at once.
Skipped until pgmd's side of the board fencing is built, or where this
repository's history (the older commit) is not at hand."""

import sys
import unittest

from cluster_board import (FENCE_BOARD_KEY, BoardPairCase, board_accepts, ms, older_board,
                           require_board_fencing)
from cluster_pgmd import FENCE_COMMAND
from cluster_rig import SKIP_EXIT_STATUS, require_cluster_rig

OLDER_TIMINGS = ("HeartbeatTimeout=500ms\nBootGrace=30s\nOffTime=5s\nCycleBurst=20\nCycleInterval=4h\n"
                 "RelayTimeout=30s\nRelayRetryDelay=1s\n")
MEMBERS_LEFT = "Members left"


class OlderBoardCase(BoardPairCase):
    def setUp(self):
        program, why = older_board()
        self.assertIsNotNone(program, why)
        accepted, _ = board_accepts(program, FENCE_BOARD_KEY)
        self.assertFalse(accepted, f"{program} is not older than the board fencing: it takes {FENCE_BOARD_KEY}")
        self.BOARD_OPTIONS = {**self.BOARD_OPTIONS, "board_program": program, "host_timings": OLDER_TIMINGS}
        super().setUp()

    def unknown_types_from(self, host: str) -> int:
        """Frames of a type it does not know that the board got from the host."""
        return sum(n for name, n in self.cluster.board_prop(host, "Counters").items() if "unknown-type" in name)


class FallsBackToFenceCommand(OlderBoardCase):
    PGMD_CONF_LINES = (f"FenceCommand={FENCE_COMMAND}",)
    BOARD_OPTIONS = {"fence": True}

    def test_takeover_through_the_fence_agent(self):
        cluster = self.cluster
        crashed = cluster.crash("n1")
        self.wait_states({"n2": "active"}, timeout=60)
        left = cluster.first_journal_event("n2", "corosync.service", MEMBERS_LEFT, crashed)[0]
        active = [s for s, _ in cluster.active_intervals("n2", self.GROUP, by_pgmd=False) if s > crashed]
        self.assertTrue(active)
        print(f"older board: corosync's membership changed {ms(left - crashed)} after the kill, n2 active through "
              f"FenceCommand= {ms(active[0] - crashed)} after it", flush=True)
        self.assertLess(left, active[0], "n2 took over before corosync's membership changed: from what?")
        self.assertIn("off n1", cluster.fence_calls())
        self.assertGreater(self.unknown_types_from("n2"), 0, "n2 never asked the board to fence")
        self.assertFalse(self.cluster.icd_prop("n2", "CanFence"))
        self.wait_back("n1")

    def wait_back(self, host: str) -> None:
        self.cluster.wait_rejoined(host, boots=2)
        self.wait_states({"n2": "active", "n1": "standby"})
        self.assert_never_two_active(intervals=2)


class NoFenceCommandNoTakeover(OlderBoardCase):
    def test_no_takeover_while_the_host_is_down(self):
        cluster = self.cluster
        cluster.crash("n1")
        self.wait_until(lambda: (self.pair("n2") or {}).get("needs_fencing") == ["n1"], 30,
                        "n2's pair to say n1 needs fencing")
        self.assertGreater(self.unknown_types_from("n2"), 0, "n2 never asked the board to fence")
        self.assertFalse(self.cluster.icd_prop("n2", "CanFence"))
        self.assertEqual(self.group_prop("n2", "State"), "standby")
        # The board's cycle brings n1 back: until then nothing moved.
        cluster.wait_rejoined("n1", boots=2)
        back = cluster.rig.boot_times["n1"]
        self.assertEqual([s for s, _ in cluster.active_intervals("n2", self.GROUP, by_pgmd=False) if s < back], [],
                         "n2 took over while n1 was down, with no way to fence it")
        cluster.assert_active_at_most(self.GROUP, allowed=1, intervals=None)


if __name__ == "__main__":
    require_cluster_rig()
    require_board_fencing(board_side=False)  # the board is the older one
    try:
        older, why = older_board()
    except AssertionError:
        older, why = None, ""  # its build failed: each test fails, saying why
    if older is None and why:
        print(f"SKIP: no older board to test against: {why}", flush=True)
        sys.exit(SKIP_EXIT_STATUS)
    unittest.main(verbosity=2)
