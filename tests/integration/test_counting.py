"""Every fault is counted exactly once: an inline process's crash, a crash
just before pgmd itself dies, and nothing for jobs an operator started."""

import unittest

from common import group, main, simple_unit
from api_node import NOBODY, PGMCTL, api_node
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


class OutsideJobs(unittest.TestCase):
    def test_systemctl_restart_and_stop_spend_no_budget(self):
        config = {
            "pgmd.conf": "[Application]\nProcessRestartBurst=1\nProcessRestartIntervalSec=1h\n"
                         "GroupRestartBurst=1\nGroupRestartIntervalSec=1h\n",
            "groups.d/billing.group": group("application", "db.service api.service"),
        }
        units = {"db.service": simple_unit(), "api.service": simple_unit()}
        with api_node("count-outside", config, units, needs=("pgmctl",)) as node:
            node.wait_state("billing", "active")
            incarnation = node.prop("billing", "Incarnation")
            api = node.main_pid("api.service")
            for _ in range(3):
                old = node.main_pid("db.service")
                node.run(["systemctl", "restart", "db.service"])
                settle(node, "db.service", old)
                node.wait_state("billing", "active")
            self.assertEqual(node.prop("billing", "ProcessRestarts"), 0)
            self.assertEqual(node.prop("billing", "GroupRestarts"), 0)
            self.assertEqual(node.prop("billing", "Incarnation"), incarnation)
            self.assertEqual(node.main_pid("api.service"), api, "the other member is left alone")

            # The tool for it: pgmctl restart GROUP UNIT.
            old = node.main_pid("db.service")
            node.run([PGMCTL, "restart", "billing", "db.service"])
            settle(node, "db.service", old)
            node.wait_state("billing", "active")
            self.assertEqual(node.prop("billing", "ProcessRestarts"), 0)
            self.assertEqual(node.main_pid("api.service"), api)
            refused = node.run([PGMCTL, "restart", "billing", "db.service", "nope.service"], check=False)
            self.assertEqual(refused.returncode, 2)
            self.assertIn("nope.service is not a member of billing", refused.stderr)
            denied = node.run([*NOBODY, PGMCTL, "restart", "billing", "db.service"], check=False)
            self.assertNotEqual(denied.returncode, 0)
            self.assertIn("Access denied", denied.stderr)

            # A stop is the operator's: the group goes out of service, held,
            # and nothing restarts db behind their back.
            node.run(["systemctl", "stop", "db.service"])
            node.wait_state("billing", "unavailable")
            wait_for(lambda: node.prop("billing", "Held"), 10, "the group to be held")
            self.assertIn("stopped outside pgmd", node.prop("billing", "HoldReason"))
            self.assertEqual(node.prop("billing", "ProcessRestarts"), 0)
            self.assertEqual(node.prop("billing", "GroupRestarts"), 0)
            self.assertIn("stopped outside pgmd", node.journal("-u", "pgmd.service"))
            self.assertEqual(node.sandbox.unit_property("db.service", "ActiveState"), "inactive")

            # The operator brings it back; a real crash then still counts.
            node.call("billing", "Online")
            node.wait_state("billing", "active")
            old = node.kill_main_pid("db.service")
            settle(node, "db.service", old)
            wait_for(lambda: node.prop("billing", "ProcessRestarts") == 1, 10, "the crash to be counted")


if __name__ == "__main__":
    main()
