"""Every refusal of the org.pgmd1 API by its D-Bus error name, against a real
pgmd: a refused call changes nothing, and pgmd keeps serving afterwards."""

import unittest

from api_node import class_node, snapshot
from common import group, main, simple_unit
from pgmd_node import GROUP_IFACE, MANAGER, group_path
from pyclient import PySession, require_python_client
from sandbox import wait_for

ERR = "org.pgmd1.Error."
INVALID_ARGS = "org.freedesktop.DBus.Error.InvalidArgs"
BROKEN_GROUP = "[Group]\nLayer=application\nUnits=a.service\nNoSuchKey=1\n"


class Refusals(unittest.TestCase):
    """One node; each test leaves every group as it found it."""

    @classmethod
    def setUpClass(cls):
        config = {
            "groups.d/app.group": group("application", "a.service"),
            "groups.d/spare.group": group("application", "s.service"),
            # A request that stays pending: nobody acknowledges within the hour.
            "groups.d/shake.group": group("application", "h.service",
                                          extra="Handshake=bus\nActivationTimeoutSec=1h\n"),
        }
        units = {u: simple_unit() for u in ["a.service", "s.service", "h.service"]}
        cls.node = class_node(cls, "errors", config, units,
                              settled={"app": "active", "spare": "active", "shake": "init"})
        cls.client = PySession(cls.node)
        cls.addClassCleanup(cls.client.close)

    def manager(self, method: str, signature: str = "", args=()):
        return self.client.call(MANAGER[0], MANAGER[1], method, signature, args)

    def group_call(self, name: str, method: str, signature: str = "", args=()):
        return self.client.call(group_path(name), GROUP_IFACE, method, signature, args)

    def snapshot(self) -> dict:
        return snapshot(self.node)

    def assert_refused(self, result, error: str, *words: str):
        self.assertFalse(result.ok, f"expected {error}, got a reply {result.reply}")
        self.assertEqual(result.error, error, result.message)
        for word in words:
            self.assertIn(word, result.message)

    def test_unknown_group_is_no_such_group(self):
        before = self.snapshot()
        for method in ("GetGroup", "GetKey", "RegisterInterest"):
            self.assert_refused(self.manager(method, "s", ["nope"]), ERR + "NoSuchGroup", "nope")
        # Without GetGroup there is no object to call a group method on.
        r = self.client.call(group_path("nope"), GROUP_IFACE, "Online")
        self.assert_refused(r, "org.freedesktop.DBus.Error.UnknownObject")
        self.assertEqual(self.snapshot(), before)

    def test_calls_out_of_state_are_invalid_state(self):
        before = self.snapshot()
        # Online of a group in service is no error (safe to repeat) and changes nothing.
        online = self.group_call("app", "Online")
        self.assertTrue(online.ok, online.message)
        self.assert_refused(self.group_call("app", "Activate"), ERR + "InvalidState", "not paired")
        self.assert_refused(self.group_call("app", "Deactivate"), ERR + "InvalidState")
        # Nothing asked of app; shake was asked for active, not standby.
        self.assert_refused(self.group_call("app", "Acknowledge", "st", ["active", 1]), ERR + "InvalidState")
        self.assert_refused(self.group_call("shake", "Acknowledge", "st", ["standby", 1]), ERR + "InvalidState")
        self.assertEqual(self.snapshot(), before)

    def test_old_incarnation_is_stale(self):
        before = self.snapshot()
        self.assertEqual(self.node.prop("shake", "RequestedIncarnation"), 1)
        self.assert_refused(self.group_call("shake", "Acknowledge", "st", ["active", 0]),
                            ERR + "StaleIncarnation")
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.node.state("shake"), "init")

    def test_key_of_a_group_that_does_not_run_is_not_available(self):
        self.assertEqual(self.manager("GetKey", "s", ["spare"]).reply,
                         ["spare", self.node.prop("spare", "Incarnation")])
        # init has no key either: the processes are not ready yet.
        self.assert_refused(self.manager("GetKey", "s", ["shake"]), ERR + "NotAvailable", "shake")
        self.node.call("spare", "Offline")
        try:
            self.node.wait_state("spare", "offline")
            self.assert_refused(self.manager("GetKey", "s", ["spare"]), ERR + "NotAvailable", "offline")
        finally:
            self.node.call("spare", "Online")
            self.node.wait_state("spare", "active")

    def test_bad_values_are_invalid_argument(self):
        before = self.snapshot()
        cases = [
            (("ReportFault", "sss", ["reboot-everything", "", "x"]), ["reboot-everything", "restart-group"]),
            (("ReportFault", "sss", ["restart-process", "s.service", "x"]), ["s.service", "a.service"]),
            # root runs in no unit of app: which one to restart must be named.
            (("ReportFault", "sss", ["restart-process", "", "x"]), ["unit"]),
            (("Acknowledge", "st", ["init", 1]), ["init", "active, standby"]),
        ]
        for (method, signature, args), words in cases:
            self.assert_refused(self.group_call("app", method, signature, args), ERR + "InvalidArgument", *words)
        self.assert_refused(self.group_call("shake", "Acknowledge", "st", ["offline", 1]),
                            ERR + "InvalidArgument", "offline")
        self.assertEqual(self.snapshot(), before)

    def test_wrong_signatures_are_refused_and_pgmd_carries_on(self):
        before = self.snapshot()
        pgmd_pid = self.node.main_pid("pgmd.service")
        calls = [(MANAGER, "GetGroup", "u", [5]), (MANAGER, "GetKey", "", []),
                 (MANAGER, "RegisterInterest", "as", [["app"]]),
                 ((group_path("app"), GROUP_IFACE), "Acknowledge", "s", ["active"]),
                 ((group_path("app"), GROUP_IFACE), "ReportFault", "ss", ["restart-group", ""]),
                 ((group_path("app"), GROUP_IFACE), "Offline", "s", ["now"])]
        for (path, iface), method, signature, args in calls:
            r = self.client.call(path, iface, method, signature, args)
            self.assert_refused(r, INVALID_ARGS)
        # busctl says the same in words.
        r = self.node.run(["busctl", "--system", "call", "org.pgmd1", *MANAGER, "GetGroup", "u", "5"], check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("Invalid arguments 'u'", r.stderr)
        self.assertIn("expecting 's'", r.stderr)

        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.manager("GetGroup", "s", ["app"]).reply, [group_path("app")])
        self.assertEqual(self.node.main_pid("pgmd.service"), pgmd_pid)
        self.assertEqual(self.node.sandbox.unit_property("pgmd.service", "NRestarts"), "0")

    def test_broken_configuration_is_bad_config_and_changes_nothing(self):
        before = self.snapshot()
        broken = self.node.config_dir / "groups.d" / "broken.group"
        broken.write_text(BROKEN_GROUP)
        try:
            r = self.manager("Reload")
            self.assert_refused(r, ERR + "BadConfig", "broken.group:4: NoSuchKey")
            checked = self.manager("CheckConfig").reply[0]
            self.assertTrue(any("broken.group:4: NoSuchKey" in line for line in checked), checked)
            self.assertEqual(self.snapshot(), before)
            self.assertEqual(self.node.manager_prop("Groups"),
                             [group_path(g) for g in ("app", "shake", "spare")])
        finally:
            broken.unlink()
            # The refusal left pgmd running a stale configuration; it takes
            # the restored files by itself. Settle before the next test.
            wait_for(lambda: self.node.manager_prop("ConfigStale") is False, 10,
                     "pgmd to take the restored configuration")
        self.assertEqual(self.manager("CheckConfig").reply, [[]])


if __name__ == "__main__":
    require_python_client()
    main()
