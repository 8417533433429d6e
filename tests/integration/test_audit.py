"""The audit trail: every request that changes something is in the journal
once, accepted or refused, with the group, the outcome and the caller as the
bus reports it (uid, pid, unit, command name)."""

import json
import unittest

from api_node import NOBODY, PGMCTL, class_node
from common import group, main, simple_unit
from pgmd_node import GROUP_IFACE, group_path

ACCEPTED = "d9250ff4389b4ed6ac6c2a194bc0c190"
REFUSED = "3984f2f2d785462886dff4901785b64c"


class Audit(unittest.TestCase):
    """One node; each test works on its own group."""

    @classmethod
    def setUpClass(cls):
        config = {f"groups.d/{name}.group": group("application", f"{name}.service")
                  for name in ("billing", "ledger", "spool")}
        units = {f"{name}.service": simple_unit() for name in ("billing", "ledger", "spool")}
        cls.node = class_node(cls, "audit", config, units, needs=("pgmctl",),
                              settled={name: "active" for name in ("billing", "ledger", "spool")})

    def entries(self, *matches: str) -> list[dict]:
        out = self.node.journal("-u", "pgmd.service", *matches, "-o", "json")
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def wait_entries(self, *matches: str) -> list[dict]:
        """pgmd writes the entry before it answers, but journald may show it a little later."""
        found = []

        def logged():
            found[:] = self.entries(*matches)
            return bool(found)
        self.node.sandbox.wait_for(logged, 15, f"a journal entry with {' '.join(matches)}")
        return found

    def test_an_operators_request_names_the_group_and_the_caller(self):
        # Run in a unit of its own, so that the bus's pid leads to a unit; the
        # shell's pid is pgmctl's after exec ("$$$$": systemd expands "$$" to "$").
        run = self.node.run(["systemd-run", "--quiet", "--wait", "--pipe", "--unit=audit-operator.service",
                             "sh", "-c", f"echo $$$$; exec {PGMCTL} offline billing"])
        pgmctl_pid = run.stdout.split()[0]
        self.node.wait_state("billing", "offline")

        [entry] = self.wait_entries(f"MESSAGE_ID={ACCEPTED}", "GROUP=billing")
        self.assertEqual(entry["REQUEST"], "Offline")
        self.assertEqual(entry["OUTCOME"], "accepted")
        self.assertEqual(entry["CALLER_UID"], "0")
        self.assertEqual(entry["CALLER_PID"], pgmctl_pid)
        self.assertEqual(entry["CALLER_UNIT"], "audit-operator.service")
        self.assertEqual(entry["CALLER_COMM"], "pgmctl")
        self.assertEqual(entry["PRIORITY"], "5")
        self.assertNotIn("ERROR", entry)
        self.assertEqual(entry["MESSAGE"], f"operator request offline billing from uid 0 (pid {pgmctl_pid}, pgmctl, "
                                           "audit-operator.service): accepted")

        # Called from outside every unit of the sandbox: no unit, and none made up.
        self.node.run([PGMCTL, "online", "billing"])
        [online] = self.wait_entries(f"MESSAGE_ID={ACCEPTED}", "GROUP=billing", "REQUEST=Online")
        self.assertEqual(online["CALLER_UID"], "0")
        self.assertNotIn("CALLER_UNIT", online)
        self.node.wait_state("billing", "active")

    def test_an_unprivileged_callers_refused_change(self):
        # The bus policy lets ReportFault through to pgmd, which refuses a stranger.
        run = self.node.run([*NOBODY, "busctl", "--system", "call", "org.pgmd1", group_path("ledger"), GROUP_IFACE,
                             "ReportFault", "sss", "restart-group", "", "not mine"], check=False)
        self.assertNotEqual(run.returncode, 0)

        [entry] = self.wait_entries(f"MESSAGE_ID={REFUSED}", "GROUP=ledger")
        self.assertEqual(entry["REQUEST"], "ReportFault")
        self.assertEqual(entry["OUTCOME"], "refused")
        self.assertEqual(entry["ERROR"], "org.freedesktop.DBus.Error.AccessDenied")
        self.assertIn("may call ReportFault", entry["ERROR_MESSAGE"])
        self.assertEqual(entry["CALLER_UID"], "65534")
        self.assertEqual(entry["CALLER_COMM"], "busctl")
        self.assertEqual(entry["REASON"], "not mine")
        self.assertEqual(entry["PRIORITY"], "4")
        self.assertEqual(self.node.state("ledger"), "active")

    def test_an_invalid_request_is_refused_with_the_error_name(self):
        # A group that does not exist has no object: the bus library answers,
        # pgmd never sees the call, and nothing is logged for it.
        missing = self.node.run(["busctl", "--system", "call", "org.pgmd1", group_path("nosuch"), GROUP_IFACE,
                                 "Offline"], check=False)
        self.assertNotEqual(missing.returncode, 0)
        self.assertIn("Unknown object", missing.stderr)
        pgmctl = self.node.run([PGMCTL, "offline", "nosuch"], check=False)
        self.assertNotEqual(pgmctl.returncode, 0)

        bad = self.node.run(["busctl", "--system", "call", "org.pgmd1", group_path("spool"), GROUP_IFACE,
                             "RestartMember", "s", "nosuch.service"], check=False)
        self.assertNotEqual(bad.returncode, 0)
        [entry] = self.wait_entries(f"MESSAGE_ID={REFUSED}", "GROUP=spool")
        self.assertEqual(entry["REQUEST"], "RestartMember")
        self.assertEqual(entry["UNIT"], "nosuch.service")
        self.assertEqual(entry["ERROR"], "org.pgmd1.Error.InvalidArgument")
        self.assertEqual(entry["ERROR_MESSAGE"], "nosuch.service is not a member of group spool")
        self.assertEqual(entry["CALLER_UID"], "0")
        self.assertTrue(entry["MESSAGE"].endswith("refused: nosuch.service is not a member of group spool"),
                        entry["MESSAGE"])
        # Written in order: the calls for the missing group, made first, left nothing.
        self.assertEqual(self.entries("GROUP=nosuch"), [])


if __name__ == "__main__":
    main()
