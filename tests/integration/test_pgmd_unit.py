"""The shipped pgmd.service never gives up on pgmd: killed more often and
faster than systemd's default start limit allows (5 starts in 10 s), pgmd
comes back every time and adopts the members it left running."""

import unittest

from common import group, main, simple_unit
from pgmd_node import PgmdNode, shipped_pgmd_unit

# Each crash costs the RestartSec= pause and a start: well within the default
# 10 s interval, more than its 5 starts.
CRASHES = 8


class ShippedUnit(unittest.TestCase):
    def test_pgmd_comes_back_after_every_crash_of_a_burst(self):
        config = {"groups.d/app.group": group("application", "a.service")}
        units = {"a.service": simple_unit()}
        with PgmdNode("unit", config, units, pgmd_service=shipped_pgmd_unit()) as node:
            node.wait_state("app", "active")
            member = node.main_pid("a.service")
            pid = node.main_pid("pgmd.service")
            for crash in range(1, CRASHES + 1):
                node.sandbox.wait_for_unit_state("pgmd.service", "active")
                node.run(["kill", "-9", str(pid)])
                try:
                    pid = node.wait_new_main_pid("pgmd.service", pid, timeout=15)
                except Exception as error:
                    result = node.sandbox.unit_property("pgmd.service", "Result")
                    raise AssertionError(f"pgmd did not come back after crash {crash} (Result={result})") \
                        from error
            node.sandbox.wait_for_unit_state("pgmd.service", "active")
            node.wait_ready()
            self.assertGreaterEqual(int(node.sandbox.unit_property("pgmd.service", "NRestarts")), CRASHES)
            self.assertEqual(node.state("app"), "active")
            self.assertEqual(node.main_pid("a.service"), member)


if __name__ == "__main__":
    main()
