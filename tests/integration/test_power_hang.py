"""A host whose pgmd hangs (SIGSTOP) sends no more heartbeats: the board
power-cycles it once the heartbeat timeout has passed, not before, and
watches it again after it booted."""

import json
import time
import unittest

from api_node import NOBODY
from common import group, main, simple_unit
from power_rig import PowerRig, icd_section
from sandbox import wait_for

CONFIG = {
    "pgmd.conf": icd_section(interval="200ms"),
    "groups.d/app.group": group("application", "app.service"),
}
UNITS = {"app.service": simple_unit()}
TIMEOUT = 2.0
BOARD = (f"HeartbeatTimeout={TIMEOUT:g}s\nBootGrace=20s\nOffTime=500ms\nCycleBurst=3\nCycleInterval=30min\n"
         "RelayTimeout=60s\nRelayRetryDelay=1s\n")


class HungPgmd(unittest.TestCase):
    def test_stopped_pgmd_is_power_cycled_after_the_timeout(self):
        with PowerRig("hang", CONFIG, UNITS, BOARD) as rig:
            machine, board = rig.machine, rig.board
            rig.node.wait_state("app", "active")
            rig.wait_link_up()
            board.wait_state("armed", 30)
            beats_before = rig.icd_prop("HeartbeatsSent")
            old_pid = rig.pgmd_pid()

            rig.node.run(["kill", "-STOP", str(old_pid)])
            stopped_at = time.monotonic()
            machine.wait(lambda calls: "off" in calls, 30, "the board to power the host off")
            silent_for = machine.time_of("off") - stopped_at
            # The last heartbeat left at most one interval (0.2 s) before the stop.
            self.assertGreaterEqual(silent_for, TIMEOUT - 0.2, board.log())
            self.assertLess(silent_for, TIMEOUT + 5, board.log())
            self.assertIn("heartbeat timeout", board.prop("LastReason"))

            machine.wait_booted(2)
            self.assertEqual(machine.calls(), ["on", "booted", "off", "on", "booted"])
            rig.node.wait_state("app", "active")
            rig.wait_link_up()
            board.wait_state("armed", 30)
            self.assertNotEqual(rig.pgmd_pid(), 0)
            self.assertEqual(board.prop("CyclesInWindow"), 1)
            self.assertGreater(beats_before, 0)

            # pgmctl shows the link from the host's side ...
            shown = rig.pgmctl("icd", "--json")
            self.assertEqual(shown.returncode, 0, shown.stderr)
            link = json.loads(shown.stdout)
            self.assertEqual((link["link"], link["link_state"]), ("serial /dev/ttyPGM0", "up"))
            self.assertGreater(link["counters"]["accepted"], 0)
            wait_for(lambda: json.loads(rig.pgmctl("icd", "--json").stdout)["board_state"] == "armed", 10,
                     "pgmd to learn the board's state from a status reply")

            # ... an operator may ask for a power-cycle, with --force when not
            # on a terminal (here: pipes), and nobody else may.
            unforced = rig.pgmctl("power-cycle", "maintenance test")
            self.assertEqual(unforced.returncode, 1)
            self.assertIn("needs --force", unforced.stderr)
            denied = rig.pgmctl("power-cycle", "--force", "by nobody", as_user=NOBODY)
            self.assertEqual(denied.returncode, 1)
            self.assertIn("Access denied", denied.stderr)
            self.assertEqual(machine.count("off"), 1, "refused requests must not reach the board")
            asked = rig.pgmctl("power-cycle", "--force", "maintenance test")
            self.assertEqual(asked.returncode, 0, asked.stderr)
            machine.wait_booted(3)
            self.assertEqual(machine.calls()[-3:], ["off", "on", "booted"])
            self.assertEqual(machine.count("off"), 2)
            self.assertIn("host request: operator", board.prop("LastReason"))
            self.assertEqual(board.prop("CyclesInWindow"), 2)


if __name__ == "__main__":
    main()
