"""The org.pgmd1 API on a real bus: introspection against the contract in
dbus/*.xml, every property through busctl and through a second client
(python3-dbus), members against systemd, and the signals of a fault."""

import time
import unittest

from api_node import api_node, class_node
from common import group, main, simple_unit
from dbus_contract import BUSCTL_FLAG, load_contract, parse_busctl_introspect, parse_interface
from pgmd_node import GROUP_IFACE, MANAGER, PgmdNode, group_path
from pyclient import PySession, py_call, require_python_client

MANAGER_IFACE = MANAGER[1]
PROPERTIES = "org.freedesktop.DBus.Properties"
OBJECT_MANAGER = "org.freedesktop.DBus.ObjectManager"
# Written out rather than computed: the escaping itself is under test.
ESCAPED = {"web-front": "/org/pgmd1/group/web_2dfront", "9lives.db": "/org/pgmd1/group/_39lives_2edb"}


def now_usec() -> int:
    # CLOCK_REALTIME is the same inside the sandbox (no time namespace).
    return time.time_ns() // 1000


def all_busctl_properties(node: PgmdNode, path: str, iface: str, names) -> dict:
    """Every property of `names` read one by one with busctl, with its type."""
    return {name: node.busctl_json("get-property", "org.pgmd1", path, iface, name) for name in names}


class Introspection(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        config = {
            "groups.d/web-front.group": group("application", "a.service b.service",
                                              extra="Description=front end\n"),
            "groups.d/9lives.db.group": group("application", "c.service", depends="web-front"),
        }
        units = {u: simple_unit() for u in ["a.service", "b.service", "c.service"]}
        cls.node = class_node(cls, "introspect", config, units, settled={"9lives.db": "active"})

    def introspect_xml(self, path: str) -> str:
        return self.node.run(["busctl", "--system", "introspect", "--xml-interface", "org.pgmd1", path]).stdout

    def assert_matches_contract(self, path: str, iface: str):
        contract = load_contract(iface)
        live = parse_interface(self.introspect_xml(path), iface)
        self.assertEqual(sorted(live.methods), sorted(contract.methods))
        self.assertEqual(sorted(live.signals), sorted(contract.signals))
        self.assertEqual(sorted(live.properties), sorted(contract.properties))
        for name, args in contract.methods.items():
            self.assertEqual(live.methods[name], args, f"method {name}")
        for name, args in contract.signals.items():
            self.assertEqual(live.signals[name], args, f"signal {name}")
        for name, prop in contract.properties.items():
            self.assertEqual(live.properties[name], prop, f"property {name}")

    def test_manager_object_introspects_as_the_contract(self):
        self.assert_matches_contract("/org/pgmd1", MANAGER_IFACE)

    def test_group_object_introspects_as_the_contract(self):
        for path in ESCAPED.values():
            self.assert_matches_contract(path, GROUP_IFACE)

    def test_busctl_table_shows_every_member_with_its_flags(self):
        for path, iface in [("/org/pgmd1", MANAGER_IFACE), (ESCAPED["web-front"], GROUP_IFACE)]:
            contract = load_contract(iface)
            table = self.node.run(["busctl", "--system", "introspect", "org.pgmd1", path]).stdout
            rows = parse_busctl_introspect(table, iface)
            self.assertEqual(len(rows), len(contract.methods) + len(contract.signals) + len(contract.properties))
            for name in contract.methods:
                self.assertEqual(rows[name].kind, "method", name)
                self.assertEqual(rows[name].signature, contract.in_signature(name) or "-", name)
                self.assertEqual(rows[name].result, contract.out_signature(name) or "-", name)
            for name in contract.signals:
                self.assertEqual(rows[name].kind, "signal", name)
                self.assertEqual(rows[name].signature, contract.signal_signature(name), name)
            for name, prop in contract.properties.items():
                self.assertEqual(rows[name].kind, "property", name)
                self.assertEqual(rows[name].signature, prop.type, name)
                self.assertEqual(rows[name].flags, BUSCTL_FLAG[prop.emits_changed], name)

    def test_object_manager_returns_every_group_with_every_property(self):
        contract = load_contract(GROUP_IFACE)
        objects = self.node.busctl_json("call", "org.pgmd1", "/org/pgmd1", OBJECT_MANAGER,
                                        "GetManagedObjects")["data"][0]
        self.assertEqual(set(objects), set(ESCAPED.values()))
        self.assertEqual(set(self.node.manager_prop("Groups")), set(ESCAPED.values()))
        for name, path in ESCAPED.items():
            props = {key: value["data"] for key, value in objects[path][GROUP_IFACE].items()}
            self.assertEqual(set(props), set(contract.properties), path)
            self.assertEqual(props["Name"], name)
            self.assertEqual(props["State"], "active")
            self.assertEqual(props["Units"], self.node.prop(name, "Units"))
        self.assertEqual(objects[ESCAPED["web-front"]][GROUP_IFACE]["Description"]["data"], "front end")
        self.assertEqual(objects[ESCAPED["9lives.db"]][GROUP_IFACE]["DependsOn"]["data"], ["web-front"])

        # The second client sees the same in its one call.
        py = py_call(self.node, "/org/pgmd1", OBJECT_MANAGER, "GetManagedObjects")
        self.assertTrue(py.ok, py)
        self.assertEqual(set(py.reply[0]), set(ESCAPED.values()))
        self.assertEqual(set(py.reply[0][ESCAPED["9lives.db"]][GROUP_IFACE]), set(contract.properties))

    def test_group_names_are_escaped_in_object_paths(self):
        for name, path in ESCAPED.items():
            got = self.node.busctl_json("call", "org.pgmd1", *MANAGER, "GetGroup", "s", name)["data"][0]
            self.assertEqual(got, path)
            self.assertEqual(group_path(name), path)
        tree = self.node.run(["busctl", "--system", "tree", "--list", "org.pgmd1"]).stdout.split()
        self.assertEqual(sorted(p for p in tree if p.startswith("/org/pgmd1/group/")), sorted(ESCAPED.values()))
        rows = self.node.groups()
        self.assertEqual({name: row["path"] for name, row in rows.items()}, ESCAPED)


class Properties(unittest.TestCase):
    """One node for all: each test leaves web-front active and asserts changes
    relative to what it found."""

    @classmethod
    def setUpClass(cls):
        config = {
            "groups.d/web-front.group": group("application", "a.service b.service",
                                              extra="ProcessRestartBurst=4\nProcessRestartIntervalSec=2min\n"),
        }
        units = {u: simple_unit() for u in ["a.service", "b.service"]}
        cls.node = class_node(cls, "props", config, units, settled={"web-front": "active"})
        cls.client = PySession(cls.node)
        cls.addClassCleanup(cls.client.close)

    def setUp(self):
        self.node.wait_state("web-front", "active")

    def members_settled(self) -> list:
        """Members once they agree with systemd's view (pgmd reports what it last saw)."""
        def agree():
            members = self.node.prop("web-front", "Members")
            return members if all(pid == self.node.main_pid(unit) and active == "active"
                                  for unit, active, _sub, pid in members) else None
        return self.node.sandbox.wait_for(agree, 10, "Members to match systemd")

    def test_every_property_reads_the_same_through_busctl_and_python(self):
        node = self.node
        for path, iface in [("/org/pgmd1", MANAGER_IFACE), (group_path("web-front"), GROUP_IFACE)]:
            contract = load_contract(iface)
            via_busctl = all_busctl_properties(node, path, iface, contract.properties)
            for name, value in via_busctl.items():
                self.assertEqual(value["type"], contract.properties[name].type, name)
                one = self.client.call(path, PROPERTIES, "Get", "ss", [iface, name])
                self.assertTrue(one.ok, one)
                self.assertEqual(one.reply[0], value["data"], name)
            every = self.client.call(path, PROPERTIES, "GetAll", "s", [iface])
            self.assertEqual(every.reply[0], {name: v["data"] for name, v in via_busctl.items()})

        manager = load_contract(MANAGER_IFACE)
        values = {n: node.manager_prop(n) for n in manager.properties}
        self.assertEqual(values["NodeName"], "props")
        self.assertEqual(values["ConfigDirectory"], "/etc/pgmd")
        self.assertRegex(values["Version"], r"^\d+\.\d+\.\d+")
        self.assertGreater(values["ConfigLoadedTimestamp"], 0)
        self.assertLessEqual(values["ConfigLoadedTimestamp"], now_usec())
        self.assertFalse(values["EscalationExhausted"])

        g = {n: node.prop("web-front", n) for n in load_contract(GROUP_IFACE).properties}
        self.assertEqual(g["Name"], "web-front")
        self.assertEqual(g["Layer"], "application")
        self.assertEqual(g["Role"], "none")
        self.assertEqual(g["Handshake"], "none")
        self.assertEqual(g["Slice"], "pgm-application-web\\x2dfront.slice")
        self.assertEqual(g["ProcessRestartBurst"], 4)
        self.assertEqual(g["ProcessRestartIntervalUSec"], 120_000_000)
        self.assertEqual((g["RequestedState"], g["RequestedIncarnation"]), ("", 0))
        self.assertEqual(g["Units"], ["a.service", "b.service"])
        # ListGroups says the same as the properties.
        row = node.groups()["web-front"]
        self.assertEqual((row["layer"], row["state"], row["last_fault"], row["incarnation"]),
                         (g["Layer"], g["State"], g["LastFault"], g["Incarnation"]))

    def test_members_are_what_systemd_reports(self):
        members = self.members_settled()
        self.assertEqual([m[0] for m in members], ["a.service", "b.service"])
        for unit, active, sub, pid in members:
            self.assertEqual(active, self.node.sandbox.unit_property(unit, "ActiveState"))
            self.assertEqual(sub, self.node.sandbox.unit_property(unit, "SubState"))
            self.assertEqual(pid, int(self.node.run(["systemctl", "show", "-p", "MainPID", "--value", unit])
                                      .stdout))
            self.assertGreater(pid, 0)
            environ = self.node.run(["cat", f"/proc/{pid}/environ"]).stdout.split("\0")
            self.assertIn("PGMD_GROUP=web-front", environ)

    def test_a_killed_member_leaves_fault_step_and_timestamps(self):
        node = self.node
        state_since = node.prop("web-front", "StateChangeTimestamp")
        restarts = node.prop("web-front", "ProcessRestarts")
        steps_before = node.prop("web-front", "RecentSteps")
        before = now_usec()
        old = node.kill_main_pid("a.service")
        new = node.wait_new_main_pid("a.service", old)
        node.sandbox.wait_for(lambda: node.prop("web-front", "ProcessRestarts") == restarts + 1, 10,
                              "the restart to count")
        after = now_usec()

        fault = node.prop("web-front", "LastFault")
        fault_time = node.prop("web-front", "LastFaultTimestamp")
        self.assertIn("a.service", fault)
        self.assertTrue(before <= fault_time <= after, (before, fault_time, after))
        steps = node.prop("web-front", "RecentSteps")
        self.assertEqual(steps[:-1], steps_before)
        step_time, step, reason = steps[-1]
        self.assertEqual(step, "restart-process")
        self.assertIn("a.service", reason)
        self.assertTrue(before <= step_time <= after, (before, step_time, after))
        # A process restart is no transition: the group stayed active.
        self.assertEqual(node.prop("web-front", "StateChangeTimestamp"), state_since)
        members = dict((m[0], m[3]) for m in self.members_settled())
        self.assertEqual(members["a.service"], new)

    def test_state_change_timestamp_moves_on_a_transition(self):
        node = self.node
        first = node.prop("web-front", "StateChangeTimestamp")
        self.assertGreater(first, 0)
        before = now_usec()
        node.call("web-front", "Offline")
        node.wait_state("web-front", "offline")
        offline_at = node.prop("web-front", "StateChangeTimestamp")
        self.assertTrue(before <= offline_at <= now_usec(), (before, offline_at))
        self.assertGreater(offline_at, first)
        node.call("web-front", "Online")
        node.wait_state("web-front", "active")
        self.assertGreater(node.prop("web-front", "StateChangeTimestamp"), offline_at)


class Signals(unittest.TestCase):
    def test_fault_signals_reach_busctl_monitor_and_a_python_client(self):
        config = {
            "groups.d/solo.group": group("application", "solo.service", extra="ProcessRestartBurst=0\n"),
        }
        with api_node("signals", config, {"solo.service": simple_unit()}) as node:
            node.wait_state("solo", "active")
            rule = "type='signal',sender='org.pgmd1',interface='org.pgmd1.Manager',path='/org/pgmd1'"
            with PySession(node, matches=[rule]) as client:
                mark = node.monitor.mark()
                node.kill_main_pid("solo.service")
                # No process restart allowed: the whole group restarts.
                node.monitor.wait("EscalationStep", lambda p: p[:2] == ["solo", "restart-group"], 10,
                                  "restart-group on busctl monitor", since=mark)
                node.monitor.wait("GroupStateChanged", lambda p: p[:3] == ["solo", "init", "active"], 15,
                                  "solo back to active on busctl monitor", since=mark)
                client.wait_signal("GroupStateChanged", lambda a: a[:3] == ["solo", "init", "active"], 10,
                                   "solo back to active at the python client")

                changes = [s["args"] for s in client.signals("GroupStateChanged")]
                self.assertEqual([c[1:3] for c in changes], [["active", "init"], ["init", "active"]])
                self.assertIn("solo.service", changes[0][3])
                steps = [s["args"] for s in client.signals("EscalationStep")]
                self.assertEqual([s[:2] for s in steps], [["solo", "restart-group"]])
                self.assertIn("solo.service", steps[0][2])
                # Broadcasts, from pgmd's manager object, with the types of the contract.
                for s in client.signals("GroupStateChanged") + client.signals("EscalationStep"):
                    self.assertIsNone(s["destination"])
                    self.assertEqual((s["path"], s["interface"]), ("/org/pgmd1", MANAGER_IFACE))
                self.assertEqual(node.monitor.of("EscalationStep")[-1], steps[-1])
            self.assertEqual(node.prop("solo", "Incarnation"), 2)

    def test_activation_request_is_a_signal_of_the_group_object(self):
        config = {
            "groups.d/shake.group": group("application", "shake.service",
                                          extra="Handshake=bus\nActivationTimeoutSec=5min\n"),
        }
        with api_node("activation", config, {"shake.service": simple_unit()}, start_pgmd=False) as node:
            rule = "type='signal',interface='org.pgmd1.Group',member='ActivationRequested'"
            with PySession(node, matches=[rule]) as client:
                node.run(["systemctl", "start", "pgmd.service"])
                request = client.wait_signal("ActivationRequested", lambda a: True, 15, "an activation request")
                self.assertEqual(request["args"], ["active", 1])
                self.assertEqual(request["path"], group_path("shake"))
                self.assertIsNone(request["destination"])
                # The request waits in the properties until it is answered.
                self.assertEqual(node.state("shake"), "init")
                self.assertEqual(node.prop("shake", "RequestedState"), "active")
                self.assertEqual(node.prop("shake", "RequestedIncarnation"), 1)
                answer = client.call(group_path("shake"), GROUP_IFACE, "Acknowledge", "st", ["active", 1])
                self.assertTrue(answer.ok, answer)
                node.wait_state("shake", "active")
                self.assertEqual(node.prop("shake", "RequestedState"), "")
                self.assertEqual(node.prop("shake", "RequestedIncarnation"), 0)
                self.assertEqual(len(client.signals("ActivationRequested")), 1)


if __name__ == "__main__":
    require_python_client()
    main()
