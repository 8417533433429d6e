"""Manager.Reload applies a changed configuration without disturbing what
runs: new groups start, removed ones stop and leave the bus, changed budgets
apply, untouched groups keep their processes and their key."""

import unittest

from api_node import api_node
from common import group, main, simple_unit
from pgmd_node import GROUP_IFACE, MANAGER, PgmdNode, group_path


def reload(node: PgmdNode) -> None:
    node.run(["busctl", "--system", "call", "org.pgmd1", *MANAGER, "Reload"])


class Reload(unittest.TestCase):
    def test_groups_come_go_and_change_while_the_rest_keeps_running(self):
        config = {
            "groups.d/a.group": group("application", "a.service"),
            "groups.d/b.group": group("application", "b.service"),
        }
        units = {u: simple_unit() for u in ["a.service", "b.service", "c.service"]}
        with api_node("reload", config, units) as node:
            node.wait_state("a", "active")
            node.wait_state("b", "active")
            a_pid, a_key = node.main_pid("a.service"), node.prop("a", "Incarnation")
            loaded = node.manager_prop("ConfigLoadedTimestamp")
            groups_dir = node.config_dir / "groups.d"

            # A new group: its object appears and it starts.
            mark = node.monitor.mark()
            (groups_dir / "c.group").write_text(group("application", "c.service"))
            reload(node)
            added = node.monitor.wait("InterfacesAdded", lambda p: p[0] == group_path("c"), 10,
                                      "InterfacesAdded for c", since=mark)
            self.assertIn(GROUP_IFACE, added[1])
            self.assertEqual(added[1][GROUP_IFACE]["Name"]["data"], "c")
            node.wait_state("c", "active")
            self.assertEqual(node.sandbox.unit_property("c.service", "Slice"), "pgm-application-c.slice")
            self.assertEqual(node.manager_prop("Groups"), [group_path(g) for g in ("a", "b", "c")])
            node.monitor.wait("PropertiesChanged", lambda p: p[0] == MANAGER[1] and "Groups" in p[1], 10,
                              "Groups to be announced as changed", since=mark)
            self.assertGreater(node.manager_prop("ConfigLoadedTimestamp"), loaded)

            # A changed budget applies to the running group, which keeps running.
            self.assertEqual(node.prop("a", "ProcessRestartBurst"), 3)
            (groups_dir / "a.group").write_text(group("application", "a.service",
                                                      extra="ProcessRestartBurst=7\n"))
            reload(node)
            self.assertEqual(node.prop("a", "ProcessRestartBurst"), 7)

            # A removed group: its units stop and its object leaves the bus.
            b_pid = node.main_pid("b.service")
            self.assertGreater(b_pid, 0)
            mark = node.monitor.mark()
            (groups_dir / "b.group").unlink()
            reload(node)
            removed = node.monitor.wait("InterfacesRemoved", lambda p: p[0] == group_path("b"), 10,
                                        "InterfacesRemoved for b", since=mark)
            self.assertIn(GROUP_IFACE, removed[1])
            node.sandbox.wait_for_unit_state("b.service", "inactive")
            self.assertEqual(node.manager_prop("Groups"), [group_path(g) for g in ("a", "c")])
            self.assertEqual(sorted(node.groups()), ["a", "c"])
            gone = node.run(["busctl", "--system", "call", "org.pgmd1", *MANAGER, "GetGroup", "s", "b"],
                            check=False)
            self.assertNotEqual(gone.returncode, 0)
            self.assertIn("No group named 'b'", gone.stderr)
            tree = node.run(["busctl", "--system", "tree", "--list", "org.pgmd1"]).stdout.split()
            self.assertNotIn(group_path("b"), tree)

            # Through all of it, a kept its process and its key.
            self.assertEqual(node.main_pid("a.service"), a_pid)
            self.assertEqual(node.prop("a", "Incarnation"), a_key)
            self.assertEqual(node.state("a"), "active")
            self.assertEqual(node.prop("a", "Members")[0][3], a_pid)


if __name__ == "__main__":
    main()
