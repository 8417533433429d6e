"""Layered start order, slices, operator offline/online, activation timeout and
resource faults, against a real systemd and system bus."""

import unittest

from common import group, main, never_ready_unit, simple_unit
from pgmd_node import PgmdNode


class LayeredStart(unittest.TestCase):
    def test_layers_and_dependencies_start_in_order(self):
        config = {
            "groups.d/os.group": group("system", "os.service"),
            "groups.d/bus.group": group("platform", "bus.service"),
            "groups.d/web.group": group("application", "web.service", depends="billing"),
            "groups.d/billing.group": group("application", "api.service db.service"),
        }
        units = {u: simple_unit() for u in ["os.service", "bus.service", "web.service", "api.service", "db.service"]}
        with PgmdNode("order", config, units, start_pgmd=False).boot() as node:
            node.run(["systemctl", "start", "--no-block", "pgmd.service"])
            for g in ["os", "bus", "billing", "web"]:
                node.wait_state(g, "active")
            changes = [(g, new) for g, _old, new, _why in node.monitor.of("GroupStateChanged")]
            pos = {change: i for i, change in enumerate(changes)}
            # Each layer is active before the next one starts; web waits for billing.
            self.assertLess(pos[("os", "active")], pos[("bus", "init")])
            self.assertLess(pos[("bus", "active")], pos[("billing", "init")])
            self.assertLess(pos[("billing", "active")], pos[("web", "init")])
            # Members sit in their group's slice and systemd does not restart them.
            for unit, slc in [("os.service", "pgm-system-os.slice"), ("api.service", "pgm-application-billing.slice"),
                              ("db.service", "pgm-application-billing.slice")]:
                self.assertEqual(node.sandbox.unit_property(unit, "Slice"), slc)
                self.assertEqual(node.sandbox.unit_property(unit, "Restart"), "no")
                # Stopped after pgmd at shutdown, so a shutdown is never taken for a fault.
                self.assertIn("pgmd.service", node.sandbox.unit_property(unit, "Before").split())
            self.assertEqual(node.prop("billing", "Incarnation"), 1)
            self.assertEqual(node.prop("billing", "Units"), ["api.service", "db.service"])
            self.assertEqual(node.prop("billing", "Slice"), "pgm-application-billing.slice")


class OperatorOfflineOnline(unittest.TestCase):
    def test_offline_stops_group_and_dependents_online_brings_them_back(self):
        config = {
            "groups.d/billing.group": group("application", "api.service"),
            "groups.d/web.group": group("application", "web.service", depends="billing"),
        }
        units = {"api.service": simple_unit(), "web.service": simple_unit()}
        with PgmdNode("offline", config, units) as node:
            node.wait_state("web", "active")
            node.call("billing", "Offline")
            node.wait_state("billing", "offline")
            node.wait_state("web", "unavailable")
            node.sandbox.wait_for_unit_state("api.service", "inactive")
            node.sandbox.wait_for_unit_state("web.service", "inactive")

            # Offline again succeeds and changes nothing.
            again = node.call("billing", "Offline", check=False)
            self.assertEqual(again.returncode, 0, again.stderr)
            self.assertEqual(node.prop("billing", "State"), "offline")
            restart = node.call("billing", "Restart", check=False)
            self.assertNotEqual(restart.returncode, 0)

            # An offline group is left alone even when its unit is started by hand and dies.
            node.run(["systemctl", "start", "api.service"])
            node.kill_main_pid("api.service")
            node.sandbox.wait_for_unit_state("api.service", "failed")
            self.assertEqual(node.state("billing"), "offline")
            self.assertEqual(node.prop("billing", "ProcessRestarts"), 0)

            node.call("billing", "Online")
            node.wait_state("billing", "active")
            node.wait_state("web", "active")

    def test_unprivileged_callers_can_read_but_not_change(self):
        config = {"groups.d/a.group": group("application", "a.service")}
        with PgmdNode("access", config, {"a.service": simple_unit()}) as node:
            node.wait_state("a", "active")
            nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "busctl", "--system"]
            read = node.run([*nobody, "get-property", "org.pgmd1", "/org/pgmd1/group/a", "org.pgmd1.Group",
                             "State"], check=False)
            self.assertEqual(read.returncode, 0, read.stderr)
            self.assertIn("active", read.stdout)
            for method in ("Offline", "Restart", "Online"):
                r = node.run([*nobody, "call", "org.pgmd1", "/org/pgmd1/group/a", "org.pgmd1.Group", method],
                             check=False)
                self.assertNotEqual(r.returncode, 0, method)
                self.assertIn("denied", r.stderr.lower(), method)
            self.assertEqual(node.state("a"), "active")
            self.assertEqual(node.prop("a", "Incarnation"), 1)

    def test_unknown_group_is_a_named_error(self):
        config = {"groups.d/a.group": group("application", "a.service")}
        with PgmdNode("nogroup", config, {"a.service": simple_unit()}) as node:
            node.wait_ready()
            r = node.run(["busctl", "--system", "call", "org.pgmd1", "/org/pgmd1", "org.pgmd1.Manager",
                          "GetGroup", "s", "nope"], check=False)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("nope", r.stderr)
            # Wrong argument types and unknown members are refused; pgmd carries on.
            for args in (["GetGroup", "u", "5"], ["GetGroup"], ["NoSuchMethod"]):
                bad = node.run(["busctl", "--system", "call", "org.pgmd1", "/org/pgmd1", "org.pgmd1.Manager", *args],
                               check=False)
                self.assertNotEqual(bad.returncode, 0, args)
            pgmd_pid = node.main_pid("pgmd.service")
            node.wait_state("a", "active")
            self.assertEqual(node.main_pid("pgmd.service"), pgmd_pid)
            self.assertEqual(node.sandbox.unit_property("pgmd.service", "NRestarts"), "0")


class ActivationTimeout(unittest.TestCase):
    def test_group_that_never_becomes_ready_is_unavailable(self):
        config = {"groups.d/slow.group": group("application", "slow.service ok.service",
                                               extra="ActivationTimeoutSec=2s\n")}
        units = {"slow.service": never_ready_unit(), "ok.service": simple_unit()}
        with PgmdNode("slow", config, units) as node:
            node.wait_ready()
            node.wait_state("slow", "unavailable", timeout=15)
            self.assertIn("activation timeout: slow.service", node.prop("slow", "LastFault"))
            self.assertTrue(node.prop("slow", "Held"))
            node.sandbox.wait_for_unit_state("ok.service", "inactive")
            node.sandbox.wait_for_unit_state("slow.service", "inactive")


class ResourceFault(unittest.TestCase):
    def test_resource_fault_takes_dependent_out_until_repaired(self):
        config = {
            "groups.d/app.group": group("application", "app.service", extra="Resources=flag\n"),
            "resources.d/flag.resource": "[Resource]\nType=path\nPath=/run/flag\nCheckIntervalSec=1s\n",
        }
        with PgmdNode("resource", config, {"app.service": simple_unit()}, start_pgmd=False).boot() as node:
            node.run(["touch", "/run/flag"])
            node.run(["systemctl", "start", "pgmd.service"])
            node.wait_state("app", "active")
            node.run(["rm", "/run/flag"])
            node.wait_state("app", "unavailable", timeout=10)
            self.assertIn("resource flag failed", node.prop("app", "LastFault"))
            node.sandbox.wait_for_unit_state("app.service", "inactive")
            node.run(["touch", "/run/flag"])
            node.wait_state("app", "active", timeout=10)


if __name__ == "__main__":
    main()
