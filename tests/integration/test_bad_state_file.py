"""What stands where pgmd's state file belongs cannot keep pgmd down: a
directory, a FIFO or a link to /dev/zero in place of /var/lib/pgmd/state.json
is set aside like a corrupt file, pgmd starts once (no restarts by systemd)
with empty state, and its groups run. Also: a huge ReportFault reason is cut
on the bus side before it reaches LastFault."""

import os
import unittest

from common import group, main, simple_unit
from pgmd_node import GROUP_IFACE, PgmdNode, group_path
from sandbox import wait_for

STATE_INSIDE = "/var/lib/pgmd/state.json"


class BadStateFile(unittest.TestCase):
    def start_over(self, name: str, make_bad) -> PgmdNode:
        """A node whose state.json is made bad by make_bad(path) before boot;
        returns it once its group is active."""
        node = PgmdNode(name, {"groups.d/app.group": group("application", "a.service")},
                        {"a.service": simple_unit()})
        self.addCleanup(node.close)
        make_bad(node.state_dir / "state.json")
        node.boot()
        node.wait_state("app", "active")
        return node

    def expect_set_aside(self, node: PgmdNode, problem: str, kind) -> None:
        # Started once: systemd did not have to restart it.
        self.assertEqual(node.sandbox.unit_property("pgmd.service", "NRestarts"), "0")
        aside = [p for p in node.state_dir.iterdir() if p.name.startswith("state.json.corrupt-")]
        self.assertEqual(len(aside), 1, [p.name for p in node.state_dir.iterdir()])
        self.assertTrue(kind(aside[0]), aside[0])
        wait_for(lambda: problem in node.journal("-u", "pgmd.service"), 10,
                 f"the journal to say '{problem}'")
        self.assertIn("starting with empty state", node.journal("-u", "pgmd.service"))
        # The next save has the place to itself.
        wait_for(lambda: (node.state_dir / "state.json").is_file(), 10, "state.json to be saved")

    def test_a_directory_is_set_aside(self):
        node = self.start_over("state-dir", lambda p: p.mkdir())
        self.expect_set_aside(node, f"{STATE_INSIDE}: is a directory, not a regular file", os.path.isdir)

    def test_a_fifo_is_set_aside_without_hanging_start_up(self):
        node = self.start_over("state-fifo", os.mkfifo)
        self.expect_set_aside(node, f"{STATE_INSIDE}: is a FIFO, not a regular file",
                              lambda p: p.is_fifo())

    def test_a_link_to_dev_zero_is_set_aside_without_reading_it(self):
        node = self.start_over("state-zero", lambda p: p.symlink_to("/dev/zero"))
        self.expect_set_aside(node, f"{STATE_INSIDE}: is a character device, not a regular file",
                              lambda p: p.is_symlink())


class FaultReason(unittest.TestCase):
    def test_a_huge_reason_is_cut_before_it_is_kept(self):
        node = PgmdNode("fault-reason", {"groups.d/app.group": group("application", "a.service")},
                        {"a.service": simple_unit()})
        self.addCleanup(node.close)
        node.boot()
        node.wait_state("app", "active")
        reason = "x" * 100000
        node.run(["busctl", "--system", "call", "org.pgmd1", group_path("app"), GROUP_IFACE,
                  "ReportFault", "sss", "restart-group", "", reason])
        expected = "application reported: " + "x" * 1024 + "\u2026 (truncated from 100000 bytes)"
        wait_for(lambda: node.prop("app", "LastFault") == expected, 10, "LastFault to hold the cut reason")
        wait_for(lambda: node.saved_state().get("groups", {}).get("app", {}).get("last_fault") == expected,
                 10, "the cut reason to be saved")


if __name__ == "__main__":
    main()
