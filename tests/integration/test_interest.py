"""Communication keys and interest: GetKey, and GroupBorn/GroupDied sent to
the clients that registered interest in a group, to them alone, until they
unregister or leave the bus."""

import unittest

from api_node import api_node
from common import group, main, simple_unit
from pgmd_node import MANAGER, PgmdNode
from pyclient import PySession, require_python_client

# What a client would have to add to see the notifications if they were
# broadcast; an uninterested client has it too, to prove they are not.
NOTIFICATIONS = "type='signal',interface='org.pgmd1.Manager'"
NOTIFICATION_NAMES = ("GroupBorn", "GroupDied")


def notifications_on_the_bus(node: PgmdNode, since: int = 0) -> list[dict]:
    """Every GroupBorn/GroupDied busctl monitor saw (a monitor sees unicasts too)."""
    node.monitor.mark()
    return [m for m in node.monitor.seen[since:] if m.get("member") in NOTIFICATION_NAMES]


class Interest(unittest.TestCase):
    def setUp(self):
        config = {
            # No process restarts: a kill restarts the whole group (a new key).
            "groups.d/late.group": group("application", "late.service", extra="ProcessRestartBurst=0\n"),
            "groups.d/other.group": group("application", "other.service"),
        }
        units = {"late.service": simple_unit(), "other.service": simple_unit()}
        self.node = api_node("interest", config, units)
        self.node.boot()
        self.sessions = []

    def tearDown(self):
        for session in self.sessions:
            session.close()
        self.node.close()

    def session(self):
        s = PySession(self.node, matches=[NOTIFICATIONS])
        self.sessions.append(s)
        return s

    def register(self, client, name: str):
        r = client.call(*MANAGER, "RegisterInterest", "s", [name])
        self.assertTrue(r.ok, r)

    def key(self, client, name: str) -> list:
        r = client.call(*MANAGER, "GetKey", "s", [name])
        self.assertTrue(r.ok, r)
        return r.reply

    def test_interested_client_alone_hears_of_births_and_deaths(self):
        node = self.node
        node.wait_state("late", "active")
        node.wait_state("other", "active")
        node.call("late", "Offline")
        node.wait_state("late", "offline")
        incarnation = node.prop("late", "Incarnation")

        interested, bystander = self.session(), self.session()
        self.register(interested, "late")
        self.register(interested, "late")  # twice is harmless: still one notification each
        mark = node.monitor.mark()

        # Born: the group that was not running comes up with a new key.
        node.call("late", "Online")
        born = interested.wait_signal("GroupBorn", lambda a: a[0] == "late", 15, "late to be born")
        self.assertEqual(born["args"], ["late", incarnation + 1])
        self.assertEqual(born["destination"], interested.name)
        self.assertEqual(self.key(interested, "late"), ["late", incarnation + 1])
        self.assertEqual(node.prop("late", "Incarnation"), incarnation + 1)

        # Died and born again: a kill restarts the group with the next key.
        node.kill_main_pid("late.service")
        died = interested.wait_signal("GroupDied", lambda a: a[0] == "late", 15, "late to die")
        self.assertEqual(died["args"][:2], ["late", incarnation + 1])
        self.assertIn("late.service", died["args"][2])
        interested.wait_signal("GroupBorn", lambda a: a == ["late", incarnation + 2], 15, "late born again")

        # Died by the operator's hand, with the key it had.
        node.call("late", "Offline")
        interested.wait_signal("GroupDied", lambda a: a[:2] == ["late", incarnation + 2], 15, "late offline")

        got = [(s["signal"], s["args"][:2]) for s in interested.signals() if s["signal"] in NOTIFICATION_NAMES]
        self.assertEqual(got, [("GroupBorn", ["late", incarnation + 1]), ("GroupDied", ["late", incarnation + 1]),
                               ("GroupBorn", ["late", incarnation + 2]), ("GroupDied", ["late", incarnation + 2])])
        # Only about late, which was asked for; none to the bystander; and on
        # the bus every one of them was addressed to the interested client.
        self.assertEqual(bystander.signals("GroupBorn") + bystander.signals("GroupDied"), [])
        node.monitor.wait("GroupDied", lambda p: p[:2] == ["late", incarnation + 2], 10,
                          "busctl monitor to see the last notification", since=mark)
        seen = notifications_on_the_bus(node, mark)
        self.assertEqual(len(seen), 4)
        self.assertEqual({m.get("destination") for m in seen}, {interested.name})

    def test_unregistered_or_departed_clients_get_nothing(self):
        node = self.node
        node.wait_state("late", "active")
        staying, leaving, quitting = self.session(), self.session(), self.session()
        for client in (staying, leaving, quitting):
            self.register(client, "late")
        r = quitting.call(*MANAGER, "UnregisterInterest", "s", ["late"])
        self.assertTrue(r.ok, r)
        departed = leaving.name
        leaving.close()
        # Once the bus has forgotten the name, pgmd's notice of the departure
        # is queued ahead of any later call to pgmd.
        node.sandbox.wait_for(lambda: not self.bus_knows(departed), 10, "the bus to drop the client")
        mark = node.monitor.mark()

        node.call("late", "Restart")
        staying.wait_signal("GroupBorn", lambda a: a[0] == "late", 15, "late to be born again")
        node.monitor.wait("GroupBorn", lambda p: p[0] == "late", 10, "busctl monitor to see the birth", since=mark)
        seen = notifications_on_the_bus(node, mark)
        self.assertEqual([m["member"] for m in seen], ["GroupDied", "GroupBorn"])
        self.assertEqual({m.get("destination") for m in seen}, {staying.name})
        self.assertNotIn(departed, {m.get("destination") for m in node.monitor.seen})
        self.assertEqual(quitting.signals("GroupBorn") + quitting.signals("GroupDied"), [])

        # pgmd still serves, and a newcomer's interest works as the first one did.
        newcomer = self.session()
        self.register(newcomer, "late")
        incarnation = node.prop("late", "Incarnation")
        node.call("late", "Restart")
        newcomer.wait_signal("GroupBorn", lambda a: a == ["late", incarnation + 1], 15, "newcomer hears")
        self.assertEqual(node.sandbox.unit_property("pgmd.service", "NRestarts"), "0")
        self.assertNotIn(departed, {m.get("destination") for m in node.monitor.seen})

    def bus_knows(self, name: str) -> bool:
        r = self.node.busctl_json("call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                  "NameHasOwner", "s", name)
        return r["data"][0]


if __name__ == "__main__":
    require_python_client()
    main()
