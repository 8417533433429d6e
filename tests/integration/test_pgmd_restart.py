"""pgmd killed with SIGKILL and restarted by systemd adopts the running groups:
same member pids, counters and incarnations kept."""

import unittest

from common import group, main, simple_unit
from pgmd_node import PgmdNode
from sandbox import wait_for


class Readoption(unittest.TestCase):
    def test_killed_pgmd_adopts_groups_without_restarting_them(self):
        config = {
            "groups.d/app.group": group("application", "a.service b.service"),
            "groups.d/inline.group": group("application", extra="[Process.worker]\nExecStart=/bin/sleep infinity\n"),
        }
        units = {"a.service": simple_unit(), "b.service": simple_unit()}
        with PgmdNode("readopt", config, units) as node:
            node.wait_state("app", "active")
            node.wait_state("inline", "active")
            old = node.kill_main_pid("a.service")
            node.wait_new_main_pid("a.service", old)
            node.sandbox.wait_for_unit_state("a.service", "active")
            self.assertEqual(node.prop("app", "ProcessRestarts"), 1)
            # State is saved a moment after a change; kill pgmd only once it is.
            wait_for(lambda: "a.service" in node.saved_state().get("groups", {}).get("app", {})
                     .get("process_restarts", {}), 10, "the restart to be saved")
            before = {u: node.main_pid(u) for u in ["a.service", "b.service", "pgm-inline-worker.service"]}
            incarnation = node.prop("app", "Incarnation")

            pgmd_pid = node.kill_main_pid("pgmd.service")
            node.wait_new_main_pid("pgmd.service", pgmd_pid)
            node.sandbox.wait_for_unit_state("pgmd.service", "active")
            node.wait_ready()

            self.assertEqual({u: node.main_pid(u) for u in before}, before)
            self.assertEqual(node.state("app"), "active")
            self.assertEqual(node.state("inline"), "active")
            self.assertEqual(node.prop("app", "ProcessRestarts"), 1)
            self.assertEqual(node.prop("app", "Incarnation"), incarnation)

            # And it still recovers: the next kill is the second process restart.
            old = node.kill_main_pid("b.service")
            node.wait_new_main_pid("b.service", old)
            node.sandbox.wait_for_unit_state("b.service", "active")
            self.assertEqual(node.prop("app", "ProcessRestarts"), 2)


if __name__ == "__main__":
    main()
