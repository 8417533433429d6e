"""Every fault is counted exactly once: an inline process's crash, a crash
just before pgmd itself dies, and nothing for jobs an operator started."""

import unittest

from common import group, main, simple_unit
from pgmd_node import PgmdNode, pgmd_unit
from sandbox import wait_for

MANAGER_CONF = """[Application]
ProcessRestartBurst=10
ProcessRestartIntervalSec=1h
GroupRestartBurst=3
GroupRestartIntervalSec=1h
"""


def settle(node: PgmdNode, unit: str, old_pid: int) -> int:
    pid = node.wait_new_main_pid(unit, old_pid)
    node.sandbox.wait_for_unit_state(unit, "active")
    return pid


class InlineProcess(unittest.TestCase):
    def test_one_crash_is_one_process_restart(self):
        config = {
            "pgmd.conf": "[Application]\nProcessRestartBurst=1\nProcessRestartIntervalSec=1h\n",
            "groups.d/w.group": group("application", extra="[Process.w]\nExecStart=/bin/sleep infinity\n"),
        }
        with PgmdNode("count-inline", config) as node:
            unit = "pgm-w-w.service"
            node.wait_state("w", "active")
            incarnation = node.prop("w", "Incarnation")
            old = node.kill_main_pid(unit)
            settle(node, unit, old)
            node.wait_state("w", "active")
            # The restart is seen through; anything counted twice shows by now.
            wait_for(lambda: node.prop("w", "ProcessRestarts") >= 1, 10, "the restart to be counted")
            self.assertEqual(node.prop("w", "ProcessRestarts"), 1)
            self.assertEqual(node.prop("w", "GroupRestarts"), 0)
            self.assertEqual(node.prop("w", "Incarnation"), incarnation)
            self.assertNotIn("NoSuchUnit", node.journal("-u", "pgmd.service"))


class FaultBeforePgmdDies(unittest.TestCase):
    def test_counted_once_whenever_pgmd_dies(self):
        config = {
            "pgmd.conf": MANAGER_CONF,
            "groups.d/app.group": group("application", "a.service"),
        }
        # pgmd is killed more often than systemd's default start limit allows.
        unlimited = pgmd_unit().replace("[Service]", "StartLimitIntervalSec=0\n\n[Service]")
        with PgmdNode("count-die", config, {"a.service": simple_unit()}, pgmd_service=unlimited) as node:
            node.wait_state("app", "active")
            # No delay, then delays around the time pgmd needs to see the
            # crash and ask for the restart, and past its batched save.
            for n, delay in enumerate(["0", "0.002", "0.01", "0.05", "0.1", "0.3"], start=1):
                with self.subTest(delay=delay):
                    member = node.main_pid("a.service")
                    pgmd = node.main_pid("pgmd.service")
                    node.run(["sh", "-c", f"kill -9 {member}; sleep {delay}; kill -9 {pgmd}"])
                    node.wait_new_main_pid("pgmd.service", pgmd)
                    node.sandbox.wait_for_unit_state("pgmd.service", "active")
                    node.wait_ready()
                    settle(node, "a.service", member)
                    node.wait_state("app", "active")
                    self.assertEqual(node.prop("app", "ProcessRestarts"), n)
                    self.assertEqual(node.prop("app", "GroupRestarts"), 0)
            # And a plain restart of pgmd afterwards counts nothing more.
            pgmd = node.kill_main_pid("pgmd.service")
            node.wait_new_main_pid("pgmd.service", pgmd)
            node.wait_ready()
            node.wait_state("app", "active")
            self.assertEqual(node.prop("app", "ProcessRestarts"), 6)


if __name__ == "__main__":
    main()
