"""Who may do what: anyone reads; only root and members of pgmd-admin change
anything, which pgmd checks itself even under a looser bus policy; a group's
own processes may acknowledge and report faults for it.

Users and groups are created inside the sandbox, whose /etc is a private
copy-on-write overlay: the host's user database is never touched."""

import unittest

from api_node import NOBODY, api_node, example_app_unit, snapshot
from common import group, main, simple_unit
from pgmd_node import GROUP_IFACE, MANAGER, PgmdNode, group_path
from pyclient import PySession, py_call, require_python_client

ACCESS_DENIED = "org.freedesktop.DBus.Error.AccessDenied"
OPERATOR_ONLY = "Only root or members of group 'pgmd-admin'"
OPERATOR_OR_MEMBER = "Only root, members of group 'pgmd-admin' or processes of group"
# Every call that changes something and is for operators alone.
OPERATOR_CALLS = [
    ("app", "Offline"), ("app", "Online"), ("app", "Restart"), ("app", "ResetFailed"),
    ("pair", "Activate"), ("pair", "Deactivate"), (None, "Reload"), (None, "ResetFailed"),
]
ADMIN = "pgmop"
AS_ADMIN = ["setpriv", f"--reuid={ADMIN}", f"--regid={ADMIN}", "--init-groups"]
LOOSE_POLICY = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <policy context="default">
    <allow send_destination="org.pgmd1"/>
  </policy>
</busconfig>
"""


def config_with_pair() -> dict:
    return {
        "groups.d/app.group": group("application", "a.service"),
        # The alternate half of a pair starts standby; its mate is elsewhere.
        "groups.d/pair.group": group("application", "p.service", extra="Role=alternate\nMate=node-b\n"),
    }


def operator_call(client: PySession, group_name, method: str):
    path = MANAGER if group_name is None else (group_path(group_name), GROUP_IFACE)
    return client.call(*path, method)


def reload_bus_policy(node: PgmdNode) -> None:
    # dbus-daemon reads policies, and looks groups up, when it loads them.
    node.run(["systemctl", "reload", "dbus.service"])


class Access(unittest.TestCase):
    def boot(self, name: str, config: dict, units: dict, needs: tuple[str, ...] = ()) -> PgmdNode:
        node = api_node(name, config, units, needs=needs)
        self.addCleanup(node.close)
        node.boot(monitor=False)
        return node

    def boot_with_pair(self, name: str) -> PgmdNode:
        node = self.boot(name, config_with_pair(), {"a.service": simple_unit(), "p.service": simple_unit()})
        node.wait_state("app", "active")
        node.wait_state("pair", "standby")
        return node

    def assert_denied(self, result, *words: str):
        self.assertEqual(result.error, ACCESS_DENIED, result)
        for word in words:
            self.assertIn(word, result.message)

    def test_unprivileged_caller_reads_but_cannot_change(self):
        node = self.boot_with_pair("reader")
        before = snapshot(node)
        busctl = node.run([*NOBODY, "busctl", "--system", "--json=short", "get-property", "org.pgmd1",
                           group_path("app"), GROUP_IFACE, "State"], check=False)
        self.assertEqual(busctl.returncode, 0, busctl.stderr)
        self.assertIn('"active"', busctl.stdout)

        with PySession(node, as_user=NOBODY) as nobody:
            reads = [
                (MANAGER, "ListGroups", "", []), (MANAGER, "GetGroup", "s", ["app"]),
                (MANAGER, "GetKey", "s", ["app"]), (MANAGER, "CheckConfig", "", []),
                (MANAGER, "RegisterInterest", "s", ["app"]), (MANAGER, "UnregisterInterest", "s", ["app"]),
                (("/org/pgmd1", "org.freedesktop.DBus.ObjectManager"), "GetManagedObjects", "", []),
                ((group_path("app"), "org.freedesktop.DBus.Properties"), "GetAll", "s", [GROUP_IFACE]),
                ((group_path("app"), "org.freedesktop.DBus.Introspectable"), "Introspect", "", []),
            ]
            for (path, iface), method, signature, args in reads:
                r = nobody.call(path, iface, method, signature, args)
                self.assertTrue(r.ok, (method, r))
            self.assertEqual(nobody.call(*MANAGER, "GetKey", "s", ["app"]).reply, ["app", 1])

            for group_name, method in OPERATOR_CALLS:
                self.assert_denied(operator_call(nobody, group_name, method))
            # The bus lets these two through to pgmd, which refuses a stranger.
            self.assert_denied(nobody.call(group_path("app"), GROUP_IFACE, "Acknowledge", "st", ["active", 1]),
                               OPERATOR_OR_MEMBER)
            self.assert_denied(nobody.call(group_path("app"), GROUP_IFACE, "ReportFault", "sss",
                                           ["restart-group", "", "not mine"]), OPERATOR_OR_MEMBER)
        self.assertEqual(snapshot(node), before)

    def test_pgmd_refuses_operators_calls_even_under_a_loose_bus_policy(self):
        node = self.boot_with_pair("loose")
        node.run(["sh", "-c", 'cat >/etc/dbus-1/system-local.conf'], input=LOOSE_POLICY)
        reload_bus_policy(node)
        before = snapshot(node)
        with PySession(node, as_user=NOBODY) as nobody:
            for group_name, method in OPERATOR_CALLS:
                # The words are pgmd's, not the bus's: the call reached pgmd.
                self.assert_denied(operator_call(nobody, group_name, method), OPERATOR_ONLY, method)
        self.assertEqual(snapshot(node), before)

    def test_members_of_pgmd_admin_may_operate(self):
        node = self.boot_with_pair("admin")
        node.run(["groupadd", "--system", "pgmd-admin"])
        node.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                  "--groups", "pgmd-admin", ADMIN])
        reload_bus_policy(node)
        admin = PySession(node, as_user=AS_ADMIN)
        self.addCleanup(admin.close)

        def ok(group_name, method):
            r = operator_call(admin, group_name, method)
            self.assertTrue(r.ok, (group_name, method, r))

        ok("app", "Offline")
        node.wait_state("app", "offline")
        ok("app", "Online")
        node.wait_state("app", "active")
        ok("app", "Restart")
        node.sandbox.wait_for(lambda: node.prop("app", "Incarnation") == 3, 15, "app restarted")
        node.wait_state("app", "active")
        node.kill_main_pid("a.service")
        node.sandbox.wait_for(lambda: node.prop("app", "ProcessRestarts") == 1, 15, "a process restart")
        ok("app", "ResetFailed")
        self.assertEqual((node.prop("app", "ProcessRestarts"), node.prop("app", "LastFault")), (0, ""))
        ok("pair", "Activate")
        node.wait_state("pair", "active")
        ok("pair", "Deactivate")
        node.wait_state("pair", "standby")
        ok(None, "Reload")
        ok(None, "ResetFailed")
        # Still nothing for whoever is not in the group.
        self.assert_denied(py_call(node, group_path("app"), GROUP_IFACE, "Offline", as_user=NOBODY))
        self.assertEqual(node.state("app"), "active")

    def test_a_groups_own_process_may_acknowledge_and_report_faults(self):
        config = {"groups.d/ledger.group": group("application", "ledger.service",
                                                 extra="Handshake=bus\nActivationTimeoutSec=20s\n")}
        # Run as nobody: only membership of the group can let its calls through.
        node = self.boot("member", config, {"ledger.service": example_app_unit(user="nobody")},
                         needs=("example-app",))
        node.wait_state("ledger", "active")
        self.assertEqual(node.sandbox.unit_property("ledger.service", "User"), "nobody")
        self.assertIn("acknowledged active (incarnation 1)", node.journal("-u", "ledger.service", "-o", "cat"))

        before = snapshot(node)
        # The same user outside the group's units is a stranger.
        stranger = [
            ("Acknowledge", "st", ["active", 1]),
            ("ReportFault", "sss", ["restart-group", "", "not mine"]),
            ("ReportFault", "sss", ["out-of-service", "ledger.service", "not mine"]),
        ]
        with PySession(node, as_user=NOBODY) as nobody:
            for method, signature, args in stranger:
                r = nobody.call(group_path("ledger"), GROUP_IFACE, method, signature, args)
                self.assert_denied(r, OPERATOR_OR_MEMBER, "ledger", method)
        self.assertEqual(snapshot(node), before)

        # The member reports a fault (SIGUSR1 makes the example do so): accepted.
        node.run(["kill", "-USR1", str(node.main_pid("ledger.service"))])
        node.sandbox.wait_for(lambda: node.prop("ledger", "Incarnation") == 2, 15, "the group to restart")
        node.wait_state("ledger", "active")
        self.assertEqual(node.prop("ledger", "RecentSteps")[-1][1:], ["restart-group",
                                                                      "application reported: example: SIGUSR1"])


if __name__ == "__main__":
    require_python_client()
    main()
