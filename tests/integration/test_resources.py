"""Resources on the bus and in pgmctl, against a real pgmd: each resource's
object shows its state, last check, last error and re-initialisations,
announces changes, agrees with `pgmctl list-resources` and `pgmctl status`,
and follows a reload."""

import json
import time
import unittest

from api_node import PGMCTL, api_node
from common import group, main, simple_unit
from dbus_contract import load_contract, parse_interface
from pgmd_node import MANAGER, RESOURCE_IFACE, resource_path
from sandbox import wait_for

# No Reinit=: once removed, it stays failing until the test puts it back.
FLAG = "[Resource]\nType=path\nPath=/run/flag\nCheckIntervalSec=1s\n"
# Named like the group that needs neither: `status app` shows both. Its
# Reinit= sets it up at boot and repairs it later.
APP_SPOOL = "[Resource]\nType=path\nPath=/run/app-spool\nReinit=/bin/mkdir -p /run/app-spool\nCheckIntervalSec=1s\n"
LIST_HEADER = ["RESOURCE", "KIND", "STATE", "LAST-CHECK", "REINITS", "USED-BY"]


def now_usec() -> int:
    # The sandbox shares the host's CLOCK_REALTIME.
    return time.clock_gettime_ns(time.CLOCK_REALTIME) // 1000


class Resources(unittest.TestCase):
    def setUp(self):
        config = {
            "groups.d/app.group": group("application", "app.service", extra="Resources=flag\n"),
            "resources.d/flag.resource": FLAG,
            "resources.d/app.resource": APP_SPOOL,
        }
        self.node = api_node("resources", config, {"app.service": simple_unit()}, needs=("pgmctl",),
                             start_pgmd=False)
        self.addCleanup(self.node.close)
        self.node.boot()
        self.node.run(["touch", "/run/flag"])
        self.node.run(["systemctl", "start", "pgmd.service"])
        self.node.wait_ready()
        self.node.wait_state("app", "active")

    def prop(self, resource: str, name: str):
        return self.node.resource_prop(resource, name)

    def wait_prop(self, resource: str, name: str, wanted, timeout: float = 15):
        seen = []

        def reached():
            seen.append(self.prop(resource, name))
            return seen[-1] == wanted
        wait_for(reached, timeout, f"{resource}.{name} to become {wanted!r} (last {seen[-1:]})")

    def pgmctl(self, *args: str):
        return self.node.run([PGMCTL, *args], check=False)

    def list_rows(self) -> dict[str, list[str]]:
        result = self.pgmctl("list-resources")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        self.assertEqual(lines[0].split(), LIST_HEADER)
        count = len(lines) - 2
        self.assertEqual(lines[-1], f"{count} resource{'' if count == 1 else 's'} listed.")
        # The age in LAST-CHECK has one to three words: count the other columns from the ends.
        return {cols[0]: cols for cols in (line.split() for line in lines[1:-1])}

    def test_state_errors_reinits_and_reload(self):
        node = self.node
        # Healthy, and checked every second: its LastCheckTimestamp moves.
        self.wait_prop("flag", "State", "ok")
        self.assertEqual(self.prop("flag", "Kind"), "path")
        self.assertEqual(self.prop("flag", "Path"), "/run/flag")
        self.assertEqual(self.prop("flag", "UsedBy"), ["app"])
        self.assertEqual(self.prop("flag", "ReinitCount"), 0)
        first_check = self.prop("flag", "LastCheckTimestamp")
        self.assertLess(now_usec() - first_check, 15_000_000, "checked recently")
        wait_for(lambda: self.prop("flag", "LastCheckTimestamp") > first_check, 15, "a later check of flag")
        self.assertGreater(self.prop("flag", "StateChangeTimestamp"), 0)
        # Set up at boot by its Reinit=, which counts.
        self.wait_prop("app", "State", "ok")
        self.assertEqual(self.prop("app", "ReinitCount"), 1)
        self.assertEqual(self.prop("app", "UsedBy"), [])

        # The object is what dbus/org.pgmd1.Resource.xml promises, annotations included.
        xml = node.run(["busctl", "--system", "introspect", "--xml-interface", "org.pgmd1",
                        resource_path("flag")]).stdout
        self.assertEqual(parse_interface(xml, RESOURCE_IFACE).properties, load_contract(RESOURCE_IFACE).properties)

        # Every resource is a managed object.
        objects = node.busctl_json("call", "org.pgmd1", "/org/pgmd1", "org.freedesktop.DBus.ObjectManager",
                                   "GetManagedObjects")["data"][0]
        self.assertEqual(objects[resource_path("flag")][RESOURCE_IFACE]["State"]["data"], "ok")
        self.assertIn(resource_path("app"), objects)
        # Configuration order: by file name.
        self.assertEqual(node.manager_prop("Resources"), [resource_path("app"), resource_path("flag")])

        # Removed: failing, with the reason, announced.
        mark = node.monitor.mark()
        node.run(["rm", "/run/flag"])
        changed = node.monitor.wait(
            "PropertiesChanged",
            lambda p: p[0] == RESOURCE_IFACE and p[1].get("State", {}).get("data") == "failing", 15,
            "PropertiesChanged with flag failing", since=mark)
        self.assertIn("/run/flag", changed[1]["LastError"]["data"])
        self.assertNotIn("LastCheckTimestamp", changed[1], "not announced on every check")
        self.assertEqual(self.prop("flag", "State"), "failing")
        self.assertIn("/run/flag: No such file or directory", self.prop("flag", "LastError"))
        node.wait_state("app", "unavailable")

        # pgmctl shows the same, in text and in JSON.
        rows = self.list_rows()
        self.assertEqual(set(rows), {"flag", "app"})
        self.assertEqual(rows["flag"][1:3], ["path", "failing"])
        self.assertEqual(rows["flag"][-2:], ["0", "app"])
        listed = {r["name"]: r for r in json.loads(self.pgmctl("list-resources", "--json").stdout)}
        self.assertEqual(listed["flag"]["state"], "failing")
        self.assertEqual(listed["flag"]["last_error"], self.prop("flag", "LastError"))
        self.assertEqual(listed["flag"]["used_by"], ["app"])
        status = self.pgmctl("status", "flag")
        self.assertEqual(status.returncode, 3, "a failing resource is not ok")
        self.assertIn("resource flag", status.stdout)
        self.assertIn("State: failing", status.stdout)
        self.assertIn("Last error: /run/flag: No such file or directory", status.stdout)
        as_json = json.loads(self.pgmctl("status", "flag", "--json").stdout)
        self.assertEqual([(e["name"], e["kind"], e["state"]) for e in as_json], [("flag", "path", "failing")])
        self.assertGreater(as_json[0]["last_check_timestamp"], 0)

        # Back: ok again, the last error kept.
        node.run(["touch", "/run/flag"])
        self.wait_prop("flag", "State", "ok")
        self.assertIn("/run/flag", self.prop("flag", "LastError"))
        node.wait_state("app", "active")

        # Removing a resource with Reinit= has pgmd repair it: the count rises.
        mark = node.monitor.mark()
        node.run(["rmdir", "/run/app-spool"])
        node.monitor.wait("PropertiesChanged",
                          lambda p: p[0] == RESOURCE_IFACE and p[1].get("ReinitCount", {}).get("data") == 2, 15,
                          "PropertiesChanged with ReinitCount 2", since=mark)
        self.wait_prop("app", "State", "ok")
        self.assertEqual(self.prop("app", "ReinitCount"), 2)
        self.assertGreater(self.prop("app", "LastReinitTimestamp"), 0)
        self.assertEqual(self.list_rows()["app"][-2:], ["2", "-"])

        # A group and a resource share the name "app": status shows both, the group first.
        both = self.pgmctl("status", "app")
        self.assertEqual(both.returncode, 0, both.stderr)
        self.assertLess(both.stdout.index("Layer: application"), both.stdout.index("resource app"))
        both_json = json.loads(self.pgmctl("status", "app", "--json").stdout)
        self.assertEqual([("layer" in e, "kind" in e) for e in both_json], [(True, False), (False, True)])
        self.assertEqual(both_json[1]["reinit_count"], 2)

        # A reload without flag removes its object.
        mark = node.monitor.mark()
        (node.config_dir / "resources.d" / "flag.resource").unlink()
        (node.config_dir / "groups.d" / "app.group").write_text(group("application", "app.service"))
        node.run(["busctl", "--system", "call", "org.pgmd1", *MANAGER, "Reload"])
        node.monitor.wait("InterfacesRemoved", lambda p: p[0] == resource_path("flag"), 10,
                          "InterfacesRemoved for flag", since=mark)
        self.assertEqual(node.manager_prop("Resources"), [resource_path("app")])
        gone = node.run(["busctl", "--system", "call", "org.pgmd1", *MANAGER, "GetResource", "s", "flag"],
                        check=False)
        self.assertNotEqual(gone.returncode, 0)
        self.assertIn("No resource named 'flag'", gone.stderr)
        missing = self.pgmctl("status", "flag")
        self.assertEqual(missing.returncode, 4)
        self.assertIn("Group or resource flag not found.", missing.stderr)
        self.assertEqual(set(self.list_rows()), {"app"})


if __name__ == "__main__":
    main()
