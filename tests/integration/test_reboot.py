"""A system-layer failure reboots the host; the reboot count survives the
reboot and the budget is honoured (the sandbox's PID 1 exits on reboot and is
booted again with the same state directory)."""

import unittest

from common import group, main, simple_unit
from pgmd_node import PgmdNode
from sandbox import exit_reason

CONF = "[Manager]\nRebootBurst=1\nRebootIntervalSec=1h\n"


class RebootEscalation(unittest.TestCase):
    def test_reboot_then_budget_exhausted(self):
        config = {
            "pgmd.conf": CONF,
            "groups.d/os.group": group("system", "os.service"),
            "groups.d/app.group": group("application", "app.service"),
        }
        units = {"os.service": simple_unit(), "app.service": simple_unit()}
        with PgmdNode("reboot", config, units) as node:
            node.wait_state("app", "active")
            self.assertEqual(node.manager_prop("RebootCount"), 0)

            node.kill_main_pid("os.service")
            status = node.sandbox.wait_exit(60)
            self.assertEqual(exit_reason(status), "reboot")

            node.boot()
            node.wait_state("os", "active")
            node.wait_state("app", "active")
            self.assertEqual(node.manager_prop("RebootCount"), 1)
            self.assertEqual(node.manager_prop("TotalReboots"), 1)
            self.assertFalse(node.manager_prop("EscalationExhausted"))
            # A new boot starts groups afresh: their processes being gone is no fault.
            self.assertEqual(node.prop("app", "ProcessRestarts"), 0)
            self.assertEqual(node.prop("app", "LastFault"), "")
            self.assertEqual(node.prop("app", "Incarnation"), 2)

            # The budget (1 per hour) is spent: no second reboot, and pgmd says so.
            node.kill_main_pid("os.service")
            node.monitor.wait("EscalationStep", lambda p: p[1] == "exhausted", 15, "exhausted signal")
            self.assertTrue(node.manager_prop("EscalationExhausted"))
            node.wait_state("os", "unavailable")
            self.assertTrue(node.sandbox.is_running)
            self.assertEqual(node.manager_prop("TotalReboots"), 1)


if __name__ == "__main__":
    main()
