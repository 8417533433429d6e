"""The application handshake (Handshake=bus) with the example application,
pgmd-example-app, built on the client library: pgmd asks, the application
acknowledges, and only then does the group count as active or standby."""

import unittest

from api_node import api_node, example_app_unit
from common import group, main, simple_unit
from pgmd_node import PgmdNode, group_path

USEC = 1_000_000


def handshake_group(extra: str = "", timeout: str = "20s") -> str:
    return group("application", "app.service", extra=f"Handshake=bus\nActivationTimeoutSec={timeout}\n{extra}")


def events(node: PgmdNode, name: str, since: int = 0) -> list[tuple[str, list, int]]:
    """(member, payload, time seen in usec) of the signals about group `name`,
    from the manager's broadcasts and from the group's own object."""
    node.monitor.mark()
    out = []
    for m in node.monitor.seen[since:]:
        data = m["payload"]["data"]
        about_name = (m.get("path") == group_path(name) and m.get("member") == "ActivationRequested") or (
            m.get("path") == "/org/pgmd1" and m.get("member") in ("GroupStateChanged", "EscalationStep")
            and data[0] == name)
        if about_name:
            out.append((m["member"], data, m["timestamp-realtime"]))
    return out


def first(found: list, member: str, predicate=lambda data: True) -> tuple[int, tuple]:
    for i, event in enumerate(found):
        if event[0] == member and predicate(event[1]):
            return i, event
    raise AssertionError(f"no {member} in {found}")


def events_until(node: PgmdNode, name: str, member: str, predicate=lambda data: True, since: int = 0,
                 timeout: float = 10) -> list[tuple[str, list, int]]:
    """events() once busctl monitor, which may lag behind what the test saw
    through properties, has seen a `member` signal matching predicate."""
    def seen():
        found = events(node, name, since)
        return found if any(e[0] == member and predicate(e[1]) for e in found) else None
    return node.sandbox.wait_for(seen, timeout, f"busctl monitor to see {member} of {name}")


class Handshake(unittest.TestCase):
    def boot(self, name: str, config: dict, units: dict) -> PgmdNode:
        # pgmd starts once the monitor listens, so that it sees every signal.
        node = api_node(name, config, units, needs=("example-app",), start_pgmd=False)
        self.addCleanup(node.close)
        node.boot()
        node.run(["systemctl", "start", "--no-block", "pgmd.service"])
        return node

    def app_log(self, node: PgmdNode, unit: str = "app.service") -> str:
        return node.journal("-u", unit, "-o", "cat")

    def wait_app_log(self, node: PgmdNode, text: str, unit: str = "app.service", timeout: float = 15) -> None:
        node.sandbox.wait_for(lambda: text in self.app_log(node, unit), timeout, f"'{text}' from {unit}")

    def test_group_is_active_only_once_the_application_acknowledged(self):
        node = self.boot("ack", {"groups.d/ledger.group": handshake_group()},
                         {"app.service": example_app_unit("--ack-delay", "3000")})
        self.wait_app_log(node, "acknowledging active (incarnation 1) in 3000 ms")
        # Asked, not yet answered: the request is visible and the group waits.
        self.assertEqual(node.state("ledger"), "init")
        self.assertEqual((node.prop("ledger", "RequestedState"), node.prop("ledger", "RequestedIncarnation")),
                         ("active", 1))
        node.wait_state("ledger", "active")
        self.assertEqual((node.prop("ledger", "RequestedState"), node.prop("ledger", "RequestedIncarnation")),
                         ("", 0))

        found = events_until(node, "ledger", "GroupStateChanged", lambda d: d[2] == "active")
        start, _ = first(found, "GroupStateChanged", lambda d: d[1:3] == ["unavailable", "init"])
        asked, (_m, request, asked_at) = first(found, "ActivationRequested")
        done, (_m, change, active_at) = first(found, "GroupStateChanged", lambda d: d[2] == "active")
        self.assertEqual(request, ["active", 1])
        self.assertLess(start, asked)
        self.assertLess(asked, done)
        self.assertEqual(change[1], "init")
        self.assertIn("acknowledged", change[3])
        self.assertGreaterEqual(active_at - asked_at, 2.9 * USEC)
        self.assertIn("acknowledged active (incarnation 1)", self.app_log(node))
        # Logged once the acknowledgement is carried out: at most just after the transition.
        node.sandbox.wait_for(
            lambda: "application request acknowledge ledger (state active, incarnation 1) from uid 0"
            in node.journal("-u", "pgmd.service", "-o", "cat"), 10, "the acknowledgement in the journal")

    def test_without_acknowledgement_the_group_becomes_unavailable(self):
        node = self.boot("noack", {"groups.d/ledger.group": handshake_group(timeout="3s")},
                         {"app.service": example_app_unit("--no-ack")})
        node.wait_state("ledger", "unavailable", timeout=20)
        events_until(node, "ledger", "EscalationStep")
        found = events_until(node, "ledger", "GroupStateChanged", lambda d: d[2] == "unavailable")
        _, (_m, request, asked_at) = first(found, "ActivationRequested")
        _, (_m, change, failed_at) = first(found, "GroupStateChanged", lambda d: d[2] == "unavailable")
        _, (_m, step, _t) = first(found, "EscalationStep")
        self.assertEqual(request, ["active", 1])
        self.assertEqual(change[1], "init")
        # Unavailable once ActivationTimeoutSec= has passed, not before.
        self.assertGreaterEqual(failed_at - asked_at, 2.9 * USEC)
        self.assertLess(failed_at - asked_at, 8 * USEC)
        # The application layer's step: out of service, held for the operator.
        self.assertEqual(step[1], "out-of-service")
        self.assertIn("acknowledg", step[2])
        self.assertIn("acknowledg", node.prop("ledger", "LastFault"))
        self.assertTrue(node.prop("ledger", "Held"))
        self.assertEqual(node.prop("ledger", "RequestedState"), "")
        node.sandbox.wait_for_unit_state("app.service", "inactive")
        self.assertIn("not acknowledging: --no-ack", self.app_log(node))

    def test_hot_standby_pair_switches_through_the_handshake(self):
        config = {
            "groups.d/books.group": group("application", "books.service",
                                          extra="Handshake=bus\nRole=primary\nMate=node-b\nStandby=hot\n"),
            "groups.d/ledger.group": handshake_group("Role=alternate\nMate=node-b\nStandby=hot\n"),
        }
        units = {"books.service": example_app_unit(), "app.service": example_app_unit("--ack-delay", "2000")}
        node = self.boot("pair", config, units)
        node.wait_state("books", "active")
        node.wait_state("ledger", "standby")
        self.assertEqual(first(events_until(node, "ledger", "ActivationRequested"), "ActivationRequested")[1][1],
                         ["standby", 1])
        # Hot: the standby half runs its process.
        pid = node.main_pid("app.service")
        self.assertGreater(pid, 0)
        self.assertEqual(node.prop("ledger", "Members")[0][3], pid)

        for method, target, previous in (("Activate", "active", "standby"), ("Deactivate", "standby", "active")):
            mark = node.monitor.mark()
            node.call("ledger", method)
            # Asked, and until the application answers the group stays as it was.
            self.assertEqual(node.prop("ledger", "RequestedState"), target)
            self.assertEqual(node.state("ledger"), previous)
            node.wait_state("ledger", target)
            found = events_until(node, "ledger", "GroupStateChanged", lambda d: d[2] == target, since=mark)
            self.assertEqual(first(found, "ActivationRequested")[1][1], [target, 1])
            self.assertEqual(first(found, "GroupStateChanged")[1][1][1:3], [previous, target])
            self.assertIn(f"acknowledged {target} (incarnation 1)", self.app_log(node))
            # A switch, not a restart: same process, same key.
            self.assertEqual(node.main_pid("app.service"), pid)
            self.assertEqual(node.prop("ledger", "Incarnation"), 1)
        self.assertEqual(node.state("books"), "active")

    def test_reported_fault_restarts_the_group_with_a_new_incarnation(self):
        config = {
            "groups.d/ledger.group": handshake_group(),
            "groups.d/other.group": group("application", "other.service"),
        }
        units = {"app.service": example_app_unit("--watch", "other"), "other.service": simple_unit()}
        node = self.boot("fault", config, units)
        node.wait_state("ledger", "active")
        node.wait_state("other", "active")
        self.wait_app_log(node, "watching group other")
        pid = node.main_pid("app.service")
        mark = node.monitor.mark()

        node.run(["kill", "-USR1", str(pid)])
        node.monitor.wait("EscalationStep", lambda p: p[0] == "ledger", 15, "the reported fault's step", since=mark)
        node.sandbox.wait_for(lambda: node.prop("ledger", "Incarnation") == 2, 15, "a new incarnation")
        node.wait_state("ledger", "active")
        found = events_until(node, "ledger", "GroupStateChanged", lambda d: d[1:3] == ["init", "active"],
                             since=mark)
        _, (_m, step, _t) = first(found, "EscalationStep")
        self.assertEqual(step[1:], ["restart-group", "application reported: example: SIGUSR1"])
        # The new processes go through the handshake again, with the new key.
        self.assertEqual(first(found, "ActivationRequested")[1][1], ["active", 2])
        self.assertNotEqual(node.main_pid("app.service"), pid)
        self.assertEqual(node.prop("ledger", "GroupRestarts"), 1)
        self.assertIn("reported a fault: restart-group (example: SIGUSR1)", self.app_log(node))

        # The library's watch: the application hears of another group's death and birth.
        node.call("other", "Restart")
        self.wait_app_log(node, "group other born (incarnation 2)")
        self.assertIn("group other died (incarnation 1)", self.app_log(node))


if __name__ == "__main__":
    main()
