"""A configuration that reload refused does not keep pgmd from starting:
pgmd starts from the last configuration that loaded (kept in its state
directory), says on the bus, in pgmctl status and in the journal that it runs
a stale configuration and why, and takes the files once they are valid. With
no copy to fall back on (a first start), broken files still stop pgmd."""

import json
import unittest

from api_node import PGMCTL, api_node
from common import group, main, simple_unit
from pgmd_node import BIN_INSIDE, MANAGER, PgmdNode
from sandbox import wait_for

GOOD = group("application", "a.service")
# One unknown key: one error, named with its file and line.
BROKEN = group("application", "a.service", extra="Bogus=1\n")


def stale_announced(value: bool):
    def matches(payload) -> bool:
        return payload[0] == MANAGER[1] and payload[1].get("ConfigStale", {}).get("data") is value
    return matches


class StaleConfig(unittest.TestCase):
    def test_broken_files_after_a_refused_reload_do_not_keep_pgmd_down(self):
        units = {"a.service": simple_unit(), "b.service": simple_unit()}
        with api_node("stale", {"groups.d/a.group": GOOD}, units, needs=("pgmctl",)) as node:
            node.wait_state("a", "active")
            self.assertFalse(node.manager_prop("ConfigStale"))
            self.assertEqual(node.manager_prop("ConfigStaleReason"), "")
            # Kept before pgmd said it was ready.
            kept = node.state_dir / "last-good" / "groups.d" / "a.group"
            self.assertEqual(kept.read_text(), GOOD)
            member = node.main_pid("a.service")
            a_file = node.config_dir / "groups.d" / "a.group"

            # Reload refuses the broken files, changes nothing, and says so.
            mark = node.monitor.mark()
            a_file.write_text(BROKEN)
            refused = node.run(["busctl", "--system", "call", "org.pgmd1", *MANAGER, "Reload"], check=False)
            self.assertNotEqual(refused.returncode, 0)
            self.assertIn("nothing changed", refused.stderr)
            node.monitor.wait("PropertiesChanged", stale_announced(True), 10, "ConfigStale=true announced",
                              since=mark)
            self.assertIn("Bogus", node.manager_prop("ConfigStaleReason"))
            self.assertEqual(kept.read_text(), GOOD)

            # Restarted, pgmd runs the last good configuration and adopts the group.
            node.run(["systemctl", "restart", "pgmd.service"])
            node.wait_ready()
            self.assertTrue(node.manager_prop("ConfigStale"))
            reason = node.manager_prop("ConfigStaleReason")
            self.assertTrue(reason.startswith("1 configuration error in /etc/pgmd:\n"), reason)
            self.assertIn("/etc/pgmd/groups.d/a.group:4: Bogus", reason)
            node.wait_state("a", "active")
            self.assertEqual(node.main_pid("a.service"), member)

            status = node.run([PGMCTL, "status"], check=False)
            self.assertIn("STALE CONFIGURATION: the files in /etc/pgmd do not load", status.stdout)
            self.assertIn("/etc/pgmd/groups.d/a.group:4: Bogus", status.stdout)
            as_json = json.loads(node.run([PGMCTL, "status", "--json"]).stdout)
            self.assertTrue(as_json["config_stale"])
            self.assertEqual(as_json["config_stale_reason"], reason)
            journal = node.sandbox.journal("pgmd.service")
            self.assertIn("running a STALE configuration", journal)
            self.assertIn("groups.d/a.group:4: Bogus", journal)

            # --check-config judges the files, not the copy.
            check = node.run([f"{BIN_INSIDE}/pgmd", "--check-config", "--config-dir=/etc/pgmd"], check=False)
            self.assertEqual(check.returncode, 1)
            self.assertIn("Bogus", check.stderr)

            # Fixing the files is noticed without a reload: a new group starts.
            mark = node.monitor.mark()
            (node.config_dir / "groups.d" / "b.group").write_text(group("application", "b.service"))
            a_file.write_text(GOOD)
            node.monitor.wait("PropertiesChanged", stale_announced(False), 15, "ConfigStale=false announced",
                              since=mark)
            self.assertEqual(node.manager_prop("ConfigStaleReason"), "")
            node.wait_state("b", "active")
            self.assertEqual(node.main_pid("a.service"), member)
            wait_for(lambda: (node.state_dir / "last-good" / "groups.d" / "b.group").exists(), 10,
                     "the new configuration to become the last good copy")
            self.assertNotIn("STALE", node.run([PGMCTL, "status"]).stdout)

    def test_a_first_start_with_broken_files_still_fails(self):
        with PgmdNode("stale-first", {"groups.d/a.group": BROKEN}, {"a.service": simple_unit()}) as node:
            wait_for(lambda: "1 configuration error in /etc/pgmd" in node.sandbox.journal("pgmd.service"), 20,
                     "pgmd to report the error")
            self.assertNotEqual(node.sandbox.unit_property("pgmd.service", "ActiveState"), "active")
            self.assertFalse((node.state_dir / "last-good").exists())


if __name__ == "__main__":
    main()
