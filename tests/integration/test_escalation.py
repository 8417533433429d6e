"""The escalation ladder on a real systemd: kill -9 of a member restarts the
process, then the whole group, then takes it and its dependents out of service."""

import unittest

from common import group, main, simple_unit
from pgmd_node import PgmdNode

CONF = """[Application]
ProcessRestartBurst=2
ProcessRestartIntervalSec=5min
GroupRestartBurst=1
GroupRestartIntervalSec=15min
"""


class Ladder(unittest.TestCase):
    def test_process_then_group_then_out_of_service(self):
        config = {
            "pgmd.conf": CONF,
            "groups.d/app.group": group("application", "a.service b.service"),
            "groups.d/dep.group": group("application", "dep.service", depends="app"),
        }
        units = {u: simple_unit() for u in ["a.service", "b.service", "dep.service"]}
        with PgmdNode("ladder", config, units) as node:
            node.wait_state("dep", "active")
            b_pid = node.main_pid("b.service")

            # Step 1, twice: only the killed process is restarted.
            for n in (1, 2):
                mark = node.monitor.mark()
                old = node.kill_main_pid("a.service")
                node.wait_new_main_pid("a.service", old)
                node.monitor.wait("EscalationStep", lambda p: p[0] == "app" and p[1] == "restart-process",
                                  10, "restart-process signal", since=mark)
                node.sandbox.wait_for_unit_state("a.service", "active")
                self.assertEqual(node.prop("app", "ProcessRestarts"), n)
                self.assertEqual(node.main_pid("b.service"), b_pid)
                self.assertEqual(node.state("app"), "active")

            # Step 2: the budget is spent, so the whole group restarts: every member gets a new pid.
            incarnation = node.prop("app", "Incarnation")
            mark = node.monitor.mark()
            old_a = node.kill_main_pid("a.service")
            node.monitor.wait("EscalationStep", lambda p: p[1] == "restart-group", 10, "restart-group signal")
            node.wait_new_main_pid("a.service", old_a)
            node.wait_new_main_pid("b.service", b_pid)
            node.wait_state("app", "active")
            self.assertEqual(node.prop("app", "Incarnation"), incarnation + 1)
            self.assertEqual(node.prop("app", "GroupRestarts"), 1)
            node.monitor.wait("GroupStateChanged", lambda p: p[:3] == ["app", "init", "active"], 10,
                              "app back to active", since=mark)

            # Step 3: a's process budget and the group budget are spent: out of
            # service, with its dependent; both stay down.
            node.kill_main_pid("a.service")
            node.monitor.wait("EscalationStep", lambda p: p[1] == "out-of-service", 10, "out-of-service signal")
            node.wait_state("app", "unavailable")
            node.wait_state("dep", "unavailable")
            self.assertTrue(node.prop("app", "Held"))
            self.assertFalse(node.prop("dep", "Held"))
            for unit in ["b.service", "dep.service"]:
                node.sandbox.wait_for_unit_state(unit, "inactive")
            # The member that failed stays visibly failed.
            self.assertEqual(node.sandbox.unit_property("a.service", "ActiveState"), "failed")
            self.assertIn("a.service failed", node.prop("app", "LastFault"))

            # The journal has the structured record of each step.
            steps = node.journal("-u", "pgmd", "GROUP=app", "-o", "cat", "--output-fields=STEP")
            self.assertIn("restart-group", node.journal("-u", "pgmd", "GROUP=app", "-o", "verbose"))
            self.assertTrue(steps)

            # An operator restart brings both back.
            node.call("app", "Restart")
            node.wait_state("app", "active")
            node.wait_state("dep", "active")


if __name__ == "__main__":
    main()
