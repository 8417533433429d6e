"""pgmctl end to end, against a real pgmd: listings in text and JSON, status,
the operator's commands and their exit statuses, keys, configuration checks
and reloads, watch, and its answers to strangers and to a stopped pgmd."""

import json
import signal
import unittest

from api_node import NOBODY, PGMCTL, class_node
from call_monitor import CallMonitor
from common import group, main, simple_unit
from inside_process import InsideProcess

BROKEN_GROUP = "[Group]\nLayer=application\nUnits=x.service\nNoSuchKey=1\n"
LIST_HEADER = ["GROUP", "LAYER", "STATE", "ROLE", "INC", "RESTARTS", "LAST-FAULT"]


class Pgmctl(unittest.TestCase):
    """One node; each test works on its own groups and leaves them running:
    web is read (and its counters reset), spare is switched, front watched."""

    @classmethod
    def setUpClass(cls):
        config = {
            "groups.d/web.group": group("application", "w1.service w2.service",
                                        extra="Description=web front end\nProcessRestartBurst=5\n"),
            "groups.d/spare.group": group("application", "s.service"),
            # A kill restarts the whole group: a visible transition.
            "groups.d/front.group": group("application", "f.service", extra="ProcessRestartBurst=0\n"),
        }
        units = {u: simple_unit() for u in ["w1.service", "w2.service", "s.service", "f.service", "x.service"]}
        cls.node = class_node(cls, "pgmctl", config, units, needs=("pgmctl",),
                              settled={name: "active" for name in ("web", "spare", "front")})

    def pgmctl(self, *args: str, as_user=()):
        return self.node.run([*as_user, PGMCTL, *args], check=False)

    def assert_exit(self, result, status: int):
        self.assertEqual(result.returncode, status, f"stdout: {result.stdout}\nstderr: {result.stderr}")

    def bring_back(self, name: str) -> None:
        """For the next test, whatever this one left behind."""
        if self.node.state(name) != "active":
            self.pgmctl("online", name)
            self.node.wait_state(name, "active")

    def test_list_as_a_table(self):
        bus = self.node.groups()
        plain = self.pgmctl()
        self.assert_exit(plain, 0)
        self.assertEqual(plain.stdout, self.pgmctl("list").stdout)
        lines = [line for line in plain.stdout.splitlines() if line.strip()]
        self.assertEqual(lines[0].split(), LIST_HEADER)
        self.assertEqual(lines[-1], f"{len(bus)} groups listed.")
        rows = {cols[0]: cols for cols in (line.split() for line in lines[1:-1])}
        self.assertEqual(set(rows), set(bus))
        for name, cols in rows.items():
            self.assertEqual(cols[1:3], [bus[name]["layer"], bus[name]["state"]], name)
            self.assertEqual(cols[4], str(bus[name]["incarnation"]), name)
        self.assertEqual(rows["web"][5], f"p{self.node.prop('web', 'ProcessRestarts')}/5")

        bare = self.pgmctl("list", "--no-legend")
        self.assert_exit(bare, 0)
        self.assertEqual(sorted(line.split()[0] for line in bare.stdout.splitlines() if line.strip()), sorted(bus))

    def test_list_as_json(self):
        result = self.pgmctl("list", "--json")
        self.assert_exit(result, 0)
        self.assertEqual(len(result.stdout.strip().splitlines()), 1)
        listed = {g["name"]: g for g in json.loads(result.stdout)}
        bus = self.node.groups()
        self.assertEqual(set(listed), set(bus))
        for name, g in listed.items():
            self.assertEqual((g["layer"], g["state"], g["incarnation"]),
                             (bus[name]["layer"], bus[name]["state"], bus[name]["incarnation"]))
        self.assertEqual(listed["web"]["description"], "web front end")
        self.assertEqual(listed["web"]["process_restart_burst"], 5)
        self.assertEqual([m["unit"] for m in listed["web"]["members"]], ["w1.service", "w2.service"])
        pretty = self.pgmctl("list", "--json=pretty")
        self.assertGreater(len(pretty.stdout.splitlines()), len(listed))
        self.assertEqual({g["name"] for g in json.loads(pretty.stdout)}, set(bus))

    def test_status_shows_members_with_their_pids(self):
        result = self.pgmctl("status", "web")
        self.assert_exit(result, 0)
        text = result.stdout
        self.assertIn("web", text.splitlines()[0])
        self.assertIn("web front end", text.splitlines()[0])
        self.assertRegex(text, r"State: active since ")
        self.assertIn(f"Incarnation: {self.node.prop('web', 'Incarnation')}", text)
        for unit in ("w1.service", "w2.service"):
            pid = self.node.main_pid(unit)
            self.assertRegex(text, rf"{unit} active \(running\) Main PID: {pid}\b")

        as_json = self.pgmctl("status", "web", "--json")
        self.assert_exit(as_json, 0)
        (web,) = json.loads(as_json.stdout)
        self.assertEqual({m["unit"]: m["main_pid"] for m in web["members"]},
                         {u: self.node.main_pid(u) for u in ("w1.service", "w2.service")})

    def test_status_of_an_unknown_group_exits_4(self):
        result = self.pgmctl("status", "nope")
        self.assert_exit(result, 4)
        # status also looks for a resource of that name.
        self.assertIn("Group or resource nope not found.", result.stderr)
        self.assert_exit(self.pgmctl("key", "nope"), 4)
        self.assert_exit(self.pgmctl("offline", "nope"), 4)

    def test_status_without_a_group_describes_the_manager(self):
        result = self.pgmctl("status")
        self.assert_exit(result, 0)
        self.assertIn("pgmctl", result.stdout)  # the node name: the sandbox's hostname
        self.assertIn(self.node.manager_prop("Version"), result.stdout)
        self.assertIn("/etc/pgmd", result.stdout)

    def test_key_prints_name_and_incarnation(self):
        result = self.pgmctl("key", "web")
        self.assert_exit(result, 0)
        self.assertEqual(result.stdout.split(), ["web", str(self.node.prop("web", "Incarnation"))])

    def test_operator_commands_and_their_exit_statuses(self):
        node = self.node
        self.addCleanup(self.bring_back, "spare")
        incarnation = node.prop("spare", "Incarnation")
        self.assert_exit(self.pgmctl("offline", "spare"), 0)
        node.wait_state("spare", "offline")
        # Not running: status and key say so with 3, like systemctl status.
        self.assert_exit(self.pgmctl("status", "spare"), 3)
        self.assert_exit(self.pgmctl("key", "spare"), 3)
        # Safe to repeat, as systemctl stop of a stopped unit is.
        again = self.pgmctl("offline", "spare")
        self.assert_exit(again, 0)
        self.assertEqual(again.stdout, "spare: already offline\n")
        self.assertEqual(node.prop("spare", "State"), "offline")
        refused = self.pgmctl("restart", "spare")
        self.assert_exit(refused, 1)
        self.assertRegex(refused.stderr, r"^Failed to .*spare.*: ")
        self.assertIn("bring it online first", refused.stderr)

        self.assert_exit(self.pgmctl("online", "spare"), 0)
        node.wait_state("spare", "active")
        running = self.pgmctl("online", "spare")
        self.assert_exit(running, 0)
        self.assertEqual(running.stdout, "spare: already online (active)\n")
        self.assertEqual(node.prop("spare", "Incarnation"), incarnation + 1, "online of a running group restarts nothing")
        self.assert_exit(self.pgmctl("restart", "spare"), 0)
        node.sandbox.wait_for(lambda: node.prop("spare", "Incarnation") == incarnation + 2, 15, "spare restarted")
        node.wait_state("spare", "active")
        self.assert_exit(self.pgmctl("status", "spare"), 0)

        restarts = node.prop("web", "ProcessRestarts")
        old = node.kill_main_pid("w1.service")
        node.wait_new_main_pid("w1.service", old)
        node.sandbox.wait_for(lambda: node.prop("web", "ProcessRestarts") == restarts + 1, 10, "a restart")
        self.assert_exit(self.pgmctl("reset-failed", "web"), 0)
        self.assertEqual((node.prop("web", "ProcessRestarts"), node.prop("web", "LastFault")), (0, ""))
        self.assert_exit(self.pgmctl("reset-failed"), 0)

    def test_check_config_and_reload(self):
        node = self.node
        quiet = self.pgmctl("check-config")
        self.assert_exit(quiet, 0)
        self.assertEqual((quiet.stdout, quiet.stderr), ("", ""))

        broken = node.config_dir / "groups.d" / "broken.group"
        broken.write_text(BROKEN_GROUP)
        try:
            checked = self.pgmctl("check-config")
            self.assert_exit(checked, 1)
            self.assertIn("broken.group:4: NoSuchKey", checked.stderr)
            refused = self.pgmctl("reload")
            self.assert_exit(refused, 1)
            self.assertIn("broken.group:4: NoSuchKey", refused.stderr)
            self.assertNotIn("broken", node.groups())
        finally:
            broken.unlink()

        extra = node.config_dir / "groups.d" / "extra.group"
        extra.write_text(group("application", "x.service"))
        try:
            self.assert_exit(self.pgmctl("reload"), 0)
            node.wait_state("extra", "active")
            listed = {g["name"]: g for g in json.loads(self.pgmctl("list", "--json").stdout)}
            self.assertEqual(listed["extra"]["state"], "active")
        finally:
            extra.unlink()
            self.assert_exit(self.pgmctl("reload"), 0)
        self.assertNotIn("extra", node.groups())

    def test_watch_prints_the_transitions_of_a_killed_member(self):
        node = self.node
        incarnation = node.prop("front", "Incarnation")
        with CallMonitor(node, "GetGroup") as calls, \
                InsideProcess(node.sandbox, [PGMCTL, "watch", "--json", "front"]) as watch:
            # pgmctl asks for the group once its match rules are in place.
            calls.wait_for(["front"], 10)
            node.call("spare", "Restart")  # not watched: must not show
            node.wait_state("spare", "active")
            node.kill_main_pid("f.service")
            watch.wait_line(lambda line: '"new_state":"active"' in line, 15, "front back to active")
            watch.signal(signal.SIGTERM)
            status = watch.wait(10)

        events = [json.loads(line) for line in watch.lines()]
        self.assertEqual({e["group"] for e in events}, {"front"})
        kinds = [(e["event"], e.get("step") or (e.get("old_state"), e.get("new_state"))) for e in events]
        self.assertEqual(kinds, [("escalation_step", "restart-group"),
                                 ("group_state_changed", ("active", "init")),
                                 ("group_state_changed", ("init", "active"))])
        self.assertIn("f.service", events[0]["reason"])
        for e in events:
            self.assertIsInstance(e["timestamp"], int)
        self.assertEqual(node.prop("front", "Incarnation"), incarnation + 1)
        # SIGTERM ends a watch normally (nsenter passes the status on, or dies of the same signal).
        self.assertEqual(status, 0, f"pgmctl watch ended with {status} on SIGTERM; stderr: {watch.stderr()}")

    def test_unprivileged_user_reads_but_is_denied_changes(self):
        self.assert_exit(self.pgmctl("list", as_user=NOBODY), 0)
        self.assert_exit(self.pgmctl("status", "web", as_user=NOBODY), 0)
        for command in (["offline", "web"], ["restart", "web"], ["reload"], ["reset-failed"]):
            denied = self.pgmctl(*command, as_user=NOBODY)
            self.assert_exit(denied, 1)
            self.assertIn("Access denied", denied.stderr)
        self.assertEqual(self.node.state("web"), "active")

    def test_without_pgmd_it_says_pgmd_is_not_running(self):
        node = self.node
        node.run(["systemctl", "stop", "pgmd.service"])
        try:
            for command in (["list"], ["status", "web"], ["key", "web"], ["offline", "web"]):
                result = self.pgmctl(*command)
                self.assert_exit(result, 1)
                self.assertIn("pgmd is not running", result.stderr)
        finally:
            node.run(["systemctl", "start", "pgmd.service"])
            node.wait_ready()
        node.wait_state("web", "active")

    def test_usage_errors_exit_2(self):
        for command in (["no-such-command"], ["--no-such-option"], ["status", "--json=fancy"]):
            self.assert_exit(self.pgmctl(*command), 2)


if __name__ == "__main__":
    main()
