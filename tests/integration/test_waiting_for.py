"""What a group waits for, end to end: WaitingFor on the bus names the failing
resource and the unavailable dependency, changes of it are announced with
PropertiesChanged, pgmctl status prints it, pgmctl online says what blocks the
group, and all of it goes once the blocker clears."""

import json
import unittest

from api_node import PGMCTL, api_node
from common import group, main, simple_unit
from sandbox import wait_for

FLAG = "/run/spool-ready"
OFFLINE = ["offline", "", "taken offline by an operator"]


def waits_announced(expected):
    """A PropertiesChanged payload that carries WaitingFor == expected."""
    def matches(payload):
        changed = payload[1].get("WaitingFor")
        return changed is not None and changed["data"] == expected
    return matches


class WaitingFor(unittest.TestCase):
    def test_failing_resource_and_unavailable_dependency(self):
        config = {
            "groups.d/billing.group": group("application", "billing.service", extra="Resources=spool\n"),
            "groups.d/frontend.group": group("application", "frontend.service", depends="billing"),
            "resources.d/spool.resource": f"[Resource]\nType=path\nPath={FLAG}\nCheckIntervalSec=1s\n",
        }
        units = {"billing.service": simple_unit(), "frontend.service": simple_unit()}
        with api_node("waits", config, units, needs=("pgmctl",)).boot() as node:
            def pgmctl_result(*args, status=0):
                result = node.run([PGMCTL, *args], check=False)
                self.assertEqual(result.returncode, status, f"stdout: {result.stdout}\nstderr: {result.stderr}")
                return result

            def pgmctl(*args, status=0):
                return pgmctl_result(*args, status=status).stdout

            def waits(name):
                return node.prop(name, "WaitingFor")

            def resource_failing(entries):
                return any(e[:2] == ["resource", "spool"] and e[2].startswith("failing") for e in entries)

            wait_for(lambda: resource_failing(waits("billing")), 15, "billing to wait for the spool")
            (spool,) = waits("billing")
            self.assertEqual(waits("frontend"), [["group", "billing", "unavailable"]])

            status = pgmctl("status", "billing", status=3)  # 3: not running
            self.assertIn(f"Waits for: resource spool ({spool[2]})\n", status)
            (as_json,) = json.loads(pgmctl("status", "billing", "--json", status=3))
            self.assertEqual(as_json["waiting_for"], [{"kind": "resource", "name": "spool", "detail": spool[2]}])
            self.assertIn("Waits for: group billing (unavailable)\n", pgmctl("status", "frontend", status=3))

            # An offline dependency: the dependent's WaitingFor follows, announced.
            mark = node.monitor.mark()
            pgmctl("offline", "billing")
            node.monitor.wait("PropertiesChanged", waits_announced([["group", "billing", "offline"]]), 10,
                              "frontend's WaitingFor announced", since=mark)
            self.assertEqual(waits("billing"), [OFFLINE, spool])

            # The resource alone heals: announced without any state change.
            mark = node.monitor.mark()
            node.run(["touch", FLAG])
            node.monitor.wait("PropertiesChanged", waits_announced([OFFLINE]), 10,
                              "billing's WaitingFor announced once the spool is healthy", since=mark)
            node.run(["rm", FLAG])
            wait_for(lambda: resource_failing(waits("billing")), 15, "billing to wait for the spool again")

            # Online is accepted and says at once what it waits for, here and in
            # the journal line; the wait then ends at its timeout (124) saying it again.
            mark = node.monitor.mark()
            online = pgmctl_result("online", "--timeout=2s", "billing", status=124).stderr
            self.assertIn("billing: online requested; waits for resource spool (failing", online)
            self.assertIn("billing: still unavailable after 2s; waits for resource spool (failing", online)
            node.monitor.wait("GroupStateChanged",
                              lambda p: p[:3] == ["billing", "offline", "unavailable"] and
                              "waits for resource spool (failing" in p[3], 10,
                              "the transition naming the blocker", since=mark)

            # The blocker clears: everything runs and nothing is waited for.
            node.run(["touch", FLAG])
            node.wait_state("frontend", "active", timeout=20)
            self.assertEqual(waits("billing"), [])
            self.assertEqual(waits("frontend"), [])
            self.assertNotIn("Waits for", pgmctl("status", "billing"))
            self.assertEqual(pgmctl("online", "billing"), "billing: already online (active)\n")


if __name__ == "__main__":
    main()
