"""The whole escalation ladder, to its last two steps: a sandboxed host whose
pgmd spends its reboot budget asks the independent computer (a real pgm-icd,
through a fault-injecting proxy on the serial line) for a power-cycle; the
board's relay kills the sandbox and boots it again; after CycleBurst cycles
in the window the board powers the host off and keeps it off until the latch
is cleared."""

import time
import unittest

from common import group, main, simple_unit
from power_rig import PowerRig, icd_section
from sandbox import wait_for

# The system group fails whenever the test kills its process: pgmd reboots
# once (RebootBurst=1), then has nothing left but to ask the board.
CONFIG = {
    "pgmd.conf": "[Manager]\nRebootBurst=1\nRebootIntervalSec=1h\n\n" + icd_section(),
    "groups.d/os.group": group("system", "os.service"),
    "groups.d/app.group": group("application", "app.service"),
}
UNITS = {"os.service": simple_unit("system member"), "app.service": simple_unit("application member")}
BOARD = ("HeartbeatTimeout=3s\nBootGrace=20s\nOffTime=500ms\nCycleBurst=2\nCycleInterval=30min\n"
         "RelayTimeout=60s\nRelayRetryDelay=1s\n")
# Every kind of damage, both ways; heartbeats every 200 ms survive it easily.
FAULTS = "drop=0.05,delay=0.05,corrupt=0.05,duplicate=0.05,replay=0.05,garbage=0.05"


class PowerLadder(unittest.TestCase):
    def test_budget_spent_then_power_cycles_then_latched_off(self):
        with PowerRig("ladder", CONFIG, UNITS, BOARD, to_board=FAULTS, to_host=FAULTS,
                      proxy_log=True) as rig:
            machine, board = rig.machine, rig.board

            # Boot 1: pgmd opens its session; the board watches the host.
            rig.node.wait_state("os", "active")
            rig.wait_link_up()
            board.wait_state("armed", 30)

            # The system group fails: pgmd's own reboot step (the host comes back
            # by itself, no relay involved).
            rig.node.kill_main_pid("os.service")
            machine.wait_booted(2)
            self.assertEqual(machine.calls(), ["on", "booted", "reboot", "booted"])
            rig.node.wait_state("os", "active")
            self.assertEqual(rig.node.manager_prop("RebootCount"), 1)
            rig.wait_link_up()
            board.wait_state("armed", 30)

            # Fails again: the budget is spent, pgmd asks the board; two power
            # cycles, each followed by a boot in which the group fails again.
            for cycle in (1, 2):
                rig.node.kill_main_pid("os.service")
                machine.wait_booted(2 + cycle)
                self.assertEqual(machine.calls()[-3:], ["off", "on", "booted"])
                self.assertEqual(board.prop("CyclesInWindow"), cycle)
                self.assertEqual(board.prop("LastAction"), "power-cycle")
                self.assertIn("reboot-budget-spent", board.prop("LastReason"))
                rig.node.wait_state("os", "active")
                # The reboot count survived the power loss: still spent.
                self.assertEqual(rig.node.manager_prop("RebootCount"), 1)
                rig.wait_link_up()
                board.wait_state("armed", 30)

            # One more: the limit is reached, the host is powered off and stays off.
            rig.node.kill_main_pid("os.service")
            board.wait_state("off-latched", 30)
            machine.wait(lambda calls: calls[-1] == "off", 30, "the relay to power the host off")
            board.wait_prop("Power", "off", 30)
            self.assertEqual(board.prop("CyclesInWindow"), 2)
            # Nothing brings it back: not the time a heartbeat timeout and an
            # off time take (3.5 s), nor anything still arriving on the line.
            held_since = time.monotonic()
            time.sleep(5)
            self.assertEqual(machine.calls(), ["on", "booted", "reboot", "booted",
                                               "off", "on", "booted", "off", "on", "booted", "off"])
            self.assertLess(machine.time_of("off", 3), held_since)
            self.assertFalse(rig.node.sandbox.is_running)
            self.assertEqual(board.prop("State"), "off-latched")

            # The operator clears the latch: power comes back, the host boots
            # and the board watches it again.
            board.clear_latch()
            machine.wait_booted(5)
            rig.node.wait_state("os", "active")
            rig.wait_link_up()
            board.wait_state("armed", 30)
            self.assertEqual(board.prop("CyclesInWindow"), 0)

            # The line is damaged both ways all along: keep the host running
            # until every kind of damage has hit both directions; none of it
            # may cause a power action.
            calls = machine.calls()
            kinds = {"drop", "delay", "corrupt", "duplicate", "replay", "garbage"}
            wait_for(lambda: all(kinds <= seen for seen in rig.proxy.faults_seen().values()), 120,
                     "every kind of damage in both directions")
            self.assertEqual(board.prop("State"), "armed")
            self.assertEqual(machine.calls(), calls)
            summary = rig.proxy.stop()
            for part in summary.split(";"):
                for kind in kinds:
                    self.assertRegex(part, rf"\b{kind}=[1-9]", summary)

if __name__ == "__main__":
    main()
