"""The demo as a reader runs it: the tour shows pgmctl's list, status and
watch output around two kills, and --shell opens a shell inside the sandbox
where pgmctl is on PATH and journalctl -x explains pgmd's entries; both leave
nothing behind."""

import os
import subprocess
import unittest
from pathlib import Path

from common import main

SOURCE_ROOT = Path(__file__).resolve().parents[2]
RUN_DEMO = SOURCE_ROOT / "examples" / "demo" / "run-demo"
DEADLINE = 150  # well inside meson's timeout: a hang fails here, with output


def run_demo(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(["python3", str(RUN_DEMO), *args], input=stdin, capture_output=True, text=True,
                          timeout=DEADLINE, env={**os.environ, "TERM": "dumb"})


class Demo(unittest.TestCase):
    def test_the_tour_shows_pgmctl_around_the_kills(self):
        result = run_demo()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        out = result.stdout
        self.assertIn("$ pgmctl list", out)
        self.assertIn("4 groups listed.", out)
        self.assertIn("$ pgmctl status billing", out)
        self.assertRegex(out, r"\| .* billing: escalation restart-process")
        self.assertRegex(out, r"\| .* billing: escalation restart-group")
        self.assertIn("Done: the sandbox is gone", out)

    def test_the_shell_has_pgmctl_and_the_catalog(self):
        commands = ("pgmctl status msgbus\n"
                    "journalctl -x --no-pager -u pgmd.service | grep -m1 'Subject: Process group'\n"
                    "exit 3\n")
        result = run_demo("--shell", stdin=commands)
        out = result.stdout
        self.assertEqual(result.returncode, 3, out + result.stderr)  # the shell's own exit status
        self.assertIn("msgbus - Message bus shared by the applications", out)
        self.assertIn("Subject: Process group", out)
        self.assertIn("Done: the sandbox is gone", out)


if __name__ == "__main__":
    main()
