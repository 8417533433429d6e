"""LogLevel= in pgmd.conf and pgmd --log-level: debug entries (what systemd
told pgmd, each action pgmd took) appear only when asked for, a reload changes
the level, and the command line wins over the file until pgmd restarts."""

import unittest

from common import group, main, simple_unit
from pgmd_node import MANAGER, PgmdNode, pgmd_unit
from sandbox import wait_for

# Three kills in a row: each must stay a process restart.
CONFIG = {"groups.d/a.group": group("application", "a.service", extra="ProcessRestartBurst=10\n")}
UNITS = {"a.service": simple_unit()}


def debug_lines(node: PgmdNode) -> list[str]:
    out = node.journal("-u", "pgmd.service", "-p", "debug..debug", "-o", "cat")
    return [line for line in out.splitlines() if line and not line.startswith("-- ")]


def process_restarts_logged(node: PgmdNode) -> int:
    out = node.journal("-u", "pgmd.service", "STEP=restart-process", "-o", "cat")
    return len([line for line in out.splitlines() if line and not line.startswith("-- ")])


def reload(node: PgmdNode) -> None:
    node.run(["busctl", "--system", "call", "org.pgmd1", *MANAGER, "Reload"])


def kill_and_wait_restart(node: PgmdNode) -> None:
    old = node.kill_main_pid("a.service")
    node.wait_new_main_pid("a.service", old)


class LogLevel(unittest.TestCase):
    def test_debug_only_when_asked_and_reload_changes_it(self):
        with PgmdNode("loglevel", CONFIG, UNITS) as node:
            node.wait_state("a", "active")
            kill_and_wait_restart(node)
            # The restart is in the journal at info and warning; nothing at debug.
            wait_for(lambda: process_restarts_logged(node) == 1, 10, "the restart step in the journal")
            self.assertEqual(debug_lines(node), [])

            (node.config_dir / "pgmd.conf").write_text("[Manager]\nLogLevel=debug\n")
            reload(node)
            wait_for(lambda: "log level debug (LogLevel= in pgmd.conf)" in node.journal("-u", "pgmd.service"),
                     10, "the new level to be announced")
            kill_and_wait_restart(node)
            lines = wait_for(lambda: [l for l in debug_lines(node) if l == "action: RestartUnit a.service"] and
                             debug_lines(node), 10, "the restart action at debug level")
            self.assertTrue(any(l.startswith("systemd: a.service is ") for l in lines), lines)

            # Lowering again: announced (before it takes effect), then quiet.
            (node.config_dir / "pgmd.conf").write_text("[Manager]\nLogLevel=info\n")
            reload(node)
            wait_for(lambda: "log level info (LogLevel= in pgmd.conf)" in node.journal("-u", "pgmd.service"),
                     10, "the lower level to be announced")
            before = len(debug_lines(node))
            kill_and_wait_restart(node)
            wait_for(lambda: process_restarts_logged(node) == 3, 10, "the third restart step in the journal")
            self.assertEqual(len(debug_lines(node)), before)

    def test_command_line_wins_over_the_file(self):
        unit = pgmd_unit().replace("--config-dir=", "--log-level=debug --config-dir=")
        config = {**CONFIG, "pgmd.conf": "[Manager]\nLogLevel=warning\n"}
        with PgmdNode("loglevel-cli", config, UNITS, pgmd_service=unit) as node:
            node.wait_state("a", "active")
            self.assertIn("log level debug (--log-level)", node.journal("-u", "pgmd.service"))
            reload(node)
            kill_and_wait_restart(node)
            wait_for(lambda: "action: RestartUnit a.service" in debug_lines(node), 10,
                     "debug entries despite LogLevel=warning")


if __name__ == "__main__":
    main()
