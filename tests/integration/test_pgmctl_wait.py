"""pgmctl waits for the result of online, offline and restart, as systemctl
start waits for its job; --no-block, --timeout and Ctrl-C; and watch lives
through a restart of pgmd."""

import json
import signal
import unittest

from api_node import PGMCTL, class_node
from call_monitor import CallMonitor
from common import group, main, simple_unit
from inside_process import InsideProcess

# Does not start while the FIFO /run/gate exists: reading it blocks until the
# test opens the gate (a writer opens it, the FIFO goes, the reader sees EOF),
# so the group stays in init and what pgmctl does meanwhile can be seen. No
# FIFO: cat fails at once, which "-" ignores.
GATE = "/run/gate"
GATED_UNIT = ("[Unit]\nDescription=starts while the gate is open\n\n[Service]\nTimeoutStartSec=infinity\n"
              f"ExecStartPre=-/bin/cat {GATE}\n"
              "ExecStart=/bin/sleep infinity\n")
# Opening a FIFO read-write never blocks, and releases a reader blocked in its
# open; a reader that comes after the rm finds no FIFO.
OPEN_GATE = f"[ -p {GATE} ] || exit 0; exec 3<>{GATE}; rm -f {GATE}"
# Its start fails while /run/break exists, before it is ever active (a main
# process that exits at once would count as active for a moment).
BREAKABLE_UNIT = ("[Unit]\nDescription=fails to start while /run/break exists\n\n[Service]\n"
                  "ExecStartPre=/bin/sh -c 'if [ -e /run/break ]; then exit 3; fi'\n"
                  "ExecStart=/bin/sleep infinity\n")


class PgmctlWaits(unittest.TestCase):
    """One node: gated comes up only through the gate, breakable fails at
    start on demand (and is then held at once), steady is watched."""

    @classmethod
    def setUpClass(cls):
        config = {
            "groups.d/gated.group": group("application", "g.service"),
            "groups.d/breakable.group": group("application", "b.service",
                                              extra="ProcessRestartBurst=0\nGroupRestartBurst=0\n"),
            "groups.d/steady.group": group("application", "s.service", extra="ProcessRestartBurst=0\n"),
        }
        units = {"g.service": GATED_UNIT, "b.service": BREAKABLE_UNIT, "s.service": simple_unit()}
        cls.node = class_node(cls, "pgmctl-wait", config, units, needs=("pgmctl",),
                              settled={"gated": "active", "breakable": "active", "steady": "active"})

    def pgmctl(self, *args: str):
        return self.node.run([PGMCTL, *args], check=False, timeout=60)

    def assert_exit(self, result, status: int):
        self.assertEqual(result.returncode, status, f"stdout: {result.stdout}\nstderr: {result.stderr}")

    def close_gate_and_take_offline(self):
        self.node.run(["mkfifo", GATE])
        self.addCleanup(self.reopen_gate)
        self.assert_exit(self.pgmctl("offline", "gated"), 0)
        self.assertEqual(self.node.state("gated"), "offline", "offline waits until the group is offline")

    def open_gate(self):
        self.node.run(["sh", "-c", OPEN_GATE])

    def reopen_gate(self):
        self.open_gate()
        if self.node.state("gated") == "offline":
            self.pgmctl("online", "gated")
        self.node.wait_state("gated", "active")

    def test_online_returns_once_the_group_is_active(self):
        self.close_gate_and_take_offline()
        with InsideProcess(self.node.sandbox, [PGMCTL, "online", "gated"]) as online:
            # pgmd has taken the request: the member waits at the gate ...
            self.node.sandbox.wait_for(lambda: self.node.state("gated") == "init", 15, "gated to initialise")
            self.node.sandbox.wait_for_unit_state("g.service", "activating")
            # ... and pgmctl with it.
            self.assertIsNone(online.proc.poll(), f"online returned early: {online.stderr()}")
            self.open_gate()
            status = online.wait(30)
            self.assertEqual(status, 0, online.stderr())
        self.assertEqual(self.node.state("gated"), "active", "online returned before the group was active")

    def test_no_block_returns_before_the_group_is_up(self):
        self.close_gate_and_take_offline()
        result = self.pgmctl("online", "--no-block", "gated")
        self.assert_exit(result, 0)
        # The gate is shut: the group cannot be up yet.
        self.assertIn(self.node.state("gated"), ("unavailable", "init"))
        self.assert_exit(self.pgmctl("offline", "--no-block", "gated"), 0)
        self.node.wait_state("gated", "offline")

    def test_timeout_says_where_the_group_is(self):
        self.close_gate_and_take_offline()
        result = self.pgmctl("online", "--timeout=1s", "gated")
        self.assert_exit(result, 124)
        self.assertRegex(result.stderr, r"^gated: still (unavailable|init) after 1s; ")

    def test_ctrl_c_stops_waiting_and_the_request_stands(self):
        self.close_gate_and_take_offline()
        with InsideProcess(self.node.sandbox, [PGMCTL, "online", "gated"]) as online:
            self.node.sandbox.wait_for(lambda: self.node.state("gated") == "init", 15, "gated to initialise")
            self.assertIsNone(online.proc.poll(), f"online returned early: {online.stderr()}")
            online.signal(signal.SIGINT)
            status = online.wait(10)
        self.assertEqual(status, 130, online.stderr())
        self.assertRegex(online.stderr(), r"gated: stopped waiting \(still init\); the request stands")
        self.open_gate()
        self.node.wait_state("gated", "active")

    def test_a_member_failing_at_start_fails_online_and_restart(self):
        node = self.node
        self.addCleanup(self.mend_breakable)
        node.run(["touch", "/run/break"])
        restarted = self.pgmctl("restart", "breakable")
        self.assert_exit(restarted, 1)
        self.assertRegex(restarted.stderr, r"(?m)^breakable: failed: .*b\.service")
        node.sandbox.wait_for(lambda: node.prop("breakable", "Held"), 15, "breakable to be held")

        online = self.pgmctl("online", "breakable")
        self.assert_exit(online, 1)
        self.assertRegex(online.stderr, r"(?m)^breakable: failed: .*b\.service")

        node.run(["rm", "-f", "/run/break"])
        both = self.pgmctl("online", "breakable", "steady")
        self.assert_exit(both, 0)
        self.assertEqual(both.stdout, "steady: already online (active)\n")
        self.assertEqual(node.state("breakable"), "active")

    def mend_breakable(self):
        self.node.run(["rm", "-f", "/run/break"])
        if self.node.state("breakable") != "active" or self.node.prop("breakable", "Held"):
            self.pgmctl("online", "breakable")
        self.node.wait_state("breakable", "active")

    def test_restart_of_a_member_waits_for_its_new_process(self):
        old = self.node.main_pid("s.service")
        self.assert_exit(self.pgmctl("restart", "steady", "s.service"), 0)
        new = self.node.main_pid("s.service")
        self.assertNotIn(new, (0, old))

    def watch(self, *args: str):
        """`pgmctl watch ARGS steady`, once it listens."""
        with CallMonitor(self.node, "GetGroup") as calls:
            watch = InsideProcess(self.node.sandbox, [PGMCTL, "watch", *args, "steady"])
            try:
                calls.wait_for(["steady"], 10)
            except BaseException:
                watch.close()
                raise
        return watch

    def restart_pgmd(self):
        self.node.run(["systemctl", "restart", "pgmd.service"])
        self.node.wait_ready()

    def test_watch_keeps_running_across_a_pgmd_restart(self):
        node = self.node
        with self.watch("--json") as watch:
            self.restart_pgmd()
            watch.wait_line(lambda line: '"event":"group_state"' in line, 20, "the states after the restart")
            # And it still follows the group: a kill restarts it.
            mark = len(watch.lines())
            node.kill_main_pid("s.service")
            watch.wait_line(lambda line: '"new_state":"active"' in line, 20, "steady back to active", since=mark)
            watch.signal(signal.SIGTERM)
            status = watch.wait(10)
        events = [json.loads(line) for line in watch.lines()]
        kinds = [e["event"] for e in events]
        self.assertEqual(kinds[:2], ["pgmd_disconnected", "pgmd_connected"], kinds)
        (state,) = [e for e in events if e["event"] == "group_state"]
        self.assertEqual((state["group"], state["state"], state["held"]), ("steady", "active", False))
        self.assertNotIn("gated", {e["group"] for e in events}, "only the watched group's state is printed")
        self.assertEqual(status, 0, watch.stderr())

    def test_watch_exit_on_disconnect(self):
        with self.watch("--exit-on-disconnect") as watch:
            self.restart_pgmd()
            status = watch.wait(20)
        self.assertEqual(status, 1)
        self.assertIn("pgmd is gone", watch.stderr())


if __name__ == "__main__":
    main()
