#!/usr/bin/env python3
"""pgmctl's cluster commands on the cluster rig (two namespaced hosts, each a
sandboxed systemd with Debian's corosync and pgmd from this tree), with the
hot-standby pair of test_cluster_pairs: `pgmctl cluster` (text and --json)
agrees on the owners on both hosts; `pgmctl switchover` returns 0 only once
the other host's half is active and this one's standby, and a `watch` sees
the Failover; refused switch-overs (to the owner itself, to a node not in
Nodes=, of an unpaired group, of no group, by a caller without the right)
give the reason and their exit status. And on a host whose pgmd.conf has no
[Cluster], `pgmctl cluster` and `pgmctl switchover` say so and exit 6."""

import json
import queue
import subprocess
import tempfile
import threading
import time
import unittest
from contextlib import ExitStack
from pathlib import Path

from api_node import BUILD_INSIDE, NOBODY, PGMCTL, class_node
from cluster_rig import ClusterRig, require_cluster_rig
from common import group, simple_unit
from inside_process import end_inside
from pgmd_node import BIN_INSIDE, BUILD_DIR, CONFIG_INSIDE, GROUP_IFACE, SOURCE_ROOT, group_path, pgmd_unit
from sandbox import NSENTER, SANDBOX_ENV, SandboxTimeout, wait_for

HOSTS = ["n1", "n2"]
GROUP = "app"
CLUSTER_PATH = "/org/pgmd1/cluster"
NOT_IN_A_CLUSTER = "pgmd on this host is not in a cluster (no [Cluster] section in pgmd.conf)."
# A switch-over stops one half and starts the other; far less than this.
SWITCHOVER_TIMEOUT = "60s"

PGMD_CONF = """[Manager]
StateDirectory=/run/pgmd-state

[Cluster]
GroupName=pgmd-pgmctl-test

[Application]
ProcessRestartBurst=0
GroupRestartBurst=0
"""

APP_GROUP = f"""[Group]
Layer=application
Units=app.service
Redundancy=hot-standby
Nodes={" ".join(HOSTS)}
"""

SOLO_GROUP = """[Group]
Layer=application
Units=solo.service
"""


class EventLines:
    """`pgmctl watch --json` inside one host, its events collected as they come."""

    def __init__(self, rig: ClusterRig, host: str):
        self.proc = subprocess.Popen(
            [NSENTER, "-t", str(rig.sandbox(host).pid1), "-a", "--", PGMCTL, "watch", "--json"],
            env=SANDBOX_ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.lines: "queue.Queue[dict]" = queue.Queue()
        self.seen: list[dict] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                self.lines.put(json.loads(line))
            except ValueError:
                continue

    def find(self, predicate) -> dict | None:
        while True:
            try:
                self.seen.append(self.lines.get_nowait())
            except queue.Empty:
                break
        return next((e for e in self.seen if predicate(e)), None)

    def close(self) -> None:
        end_inside(self.proc)
        self._reader.join(timeout=5)
        if not self._reader.is_alive():
            self.proc.stdout.close()


class PgmctlOnAPair(unittest.TestCase):
    def setUp(self):
        self.stack = ExitStack()
        self.addCleanup(self.stack.close)
        config_dir = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="pgmd-pgmctl-cluster-")))
        (config_dir / "groups.d").mkdir()
        (config_dir / "pgmd.conf").write_text(PGMD_CONF)
        (config_dir / "groups.d" / f"{GROUP}.group").write_text(APP_GROUP)
        (config_dir / "groups.d" / "solo.group").write_text(SOLO_GROUP)
        for binary in (BUILD_DIR / "daemon" / "app" / "pgmd", BUILD_DIR / "pgmctl" / "pgmctl"):
            if not binary.exists():
                self.fail(f"{binary} is not built (set PGMD_BUILD_DIR)")
        self.rig = self.stack.enter_context(ClusterRig(
            HOSTS, token_ms=1000,
            units={"pgmd.service": pgmd_unit(), "app.service": simple_unit("pair member"),
                   "solo.service": simple_unit("unpaired member")},
            binds=[(BUILD_DIR / "daemon" / "app", BIN_INSIDE, "ro"), (config_dir, CONFIG_INSIDE, "ro"),
                   (BUILD_DIR, BUILD_INSIDE, "ro")],
            dbus_policies=[SOURCE_ROOT / "dbus" / "org.pgmd1.conf"]))
        self.rig.wait_quorate()
        # n1 first, so that it owns the pair (no failback decides otherwise).
        self.start_pgmd("n1")
        self.wait_states({"n1": "active"})
        self.start_pgmd("n2")
        self.wait_states({"n1": "active", "n2": "standby"})
        wait_for(lambda: self.group_prop("n1", "Mate") == "n2" and self.group_prop("n1", "MateState") == "standby",
                 30, "n1 to see n2 as its ready standby")

    def start_pgmd(self, host: str) -> None:
        self.rig.run(host, ["systemctl", "start", "pgmd.service"])
        wait_for(lambda: self.rig.run(host, ["busctl", "--system", "call", "org.pgmd1", CLUSTER_PATH,
                                             "org.freedesktop.DBus.Peer", "Ping"], check=False).returncode == 0,
                 30, f"pgmd on {host} to answer on the bus")

    def pgmctl(self, host: str, *args: str, timeout: float = 30, as_user=()) -> subprocess.CompletedProcess:
        return self.rig.run(host, [*as_user, PGMCTL, "--no-pager", *args], check=False, timeout=timeout)

    def assert_exit(self, result: subprocess.CompletedProcess, status: int) -> None:
        self.assertEqual(result.returncode, status, f"stdout: {result.stdout}\nstderr: {result.stderr}")

    def group_prop(self, host: str, name: str):
        out = self.rig.run(host, ["busctl", "--system", "--json=short", "get-property", "org.pgmd1",
                                  group_path(GROUP), GROUP_IFACE, name]).stdout
        return json.loads(out)["data"]

    def states(self) -> dict[str, str]:
        return {h: self.group_prop(h, "State") for h in HOSTS}

    def wait_states(self, want: dict[str, str], timeout: float = 60) -> None:
        try:
            wait_for(lambda: all(self.group_prop(h, "State") == s for h, s in want.items()), timeout,
                     f"{GROUP} to be {want}", interval=0.05)
        except SandboxTimeout as error:
            raise SandboxTimeout(f"{error}\n{self.journals()}") from None

    def journals(self) -> str:
        return "\n".join(f"--- {h} pgmd ---\n" + self.rig.sandbox(h).journal(extra_args=("-u", "pgmd", "-n", "60"))
                         for h in self.rig.running())

    def cluster_json(self, host: str) -> dict:
        result = self.pgmctl(host, "cluster", "--json")
        self.assert_exit(result, 0)
        return json.loads(result.stdout)

    def owners_by_host(self) -> dict[str, list]:
        return {h: [p["owners"] for p in self.cluster_json(h)["pairs"] if p["group"] == GROUP] for h in HOSTS}

    def switchover(self, host: str, *args: str) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
        """pgmctl switchover, and the states on both hosts read the moment it returned."""
        result = self.pgmctl(host, f"--timeout={SWITCHOVER_TIMEOUT}", "switchover", *args, timeout=90)
        return result, self.states()

    def test_cluster_view_switchover_and_refusals(self):
        # Both hosts synced and agreeing that n1 owns the pair.
        wait_for(lambda: self.owners_by_host() == {"n1": [["n1"]], "n2": [["n1"]]}, 30,
                 "both hosts' pgmctl cluster --json to agree n1 owns app")
        for host in HOSTS:
            c = self.cluster_json(host)
            self.assertEqual(c["local_node"], host)
            self.assertEqual(c["connection"], "connected")
            self.assertTrue(c["quorate"])
            self.assertEqual(c["group_name"], "pgmd-pgmctl-test")
            self.assertEqual(sorted(n["name"] for n in c["nodes"]), HOSTS)
            self.assertEqual(c["frozen_pairs"], [])
            halves = {h["node"]: h for h in c["halves"] if h["group"] == GROUP}
            self.assertEqual(halves["n1"]["state"], "active")
            self.assertTrue(halves["n1"]["claims_active"])
            self.assertEqual(halves["n2"]["state"], "standby")
            text = self.pgmctl(host, "cluster")
            self.assert_exit(text, 0)
            self.assertIn(f"Node: {host} (id {self.rig.node_id(host)})", text.stdout)
            self.assertIn("\nPairs:\nGROUP REDUNDANCY  OWNERS LEAD NEEDS-FENCING\napp   hot-standby n1     -    -\n",
                          text.stdout)
        status = self.pgmctl("n2", "status", GROUP)
        self.assert_exit(status, 0)
        for line in ("Redundancy: hot-standby", "Nodes: n1, n2", "Owners: n1", "Mate: n1 (active)"):
            self.assertIn(line, status.stdout)
        as_json = json.loads(self.pgmctl("n2", "status", GROUP, "--json").stdout)[0]
        self.assertEqual((as_json["owners"], as_json["mate"], as_json["mate_state"]), (["n1"], "n1", "active"))

        # Refusals: pgmd's reason, after "Failed to switch ... over".
        result = self.pgmctl("n1", "switchover", GROUP, "n1")
        self.assert_exit(result, 1)
        self.assertEqual(result.stderr.strip(), "Failed to switch app over to n1: app is already active on n1")
        result = self.pgmctl("n2", "switchover", GROUP, "n3")
        self.assert_exit(result, 1)
        self.assertEqual(result.stderr.strip(), "Failed to switch app over to n3: n3 is not listed in Nodes= of app")
        result = self.pgmctl("n1", "switchover", "solo")
        self.assert_exit(result, 1)
        self.assertEqual(result.stderr.strip(),
                         "Failed to switch solo over: solo is not paired across computers (Redundancy=none)")
        result = self.pgmctl("n1", "switchover", "nosuch")
        self.assert_exit(result, 4)
        self.assertEqual(result.stderr.strip(), "Group nosuch not found.")
        # Anyone may look; only root and pgmd-admin may switch over.
        self.assert_exit(self.pgmctl("n2", "cluster", as_user=NOBODY), 0)
        result = self.pgmctl("n2", "switchover", GROUP, as_user=NOBODY)
        self.assert_exit(result, 1)
        self.assertEqual(result.stderr.strip(),
                         "Failed to switch app over: Access denied (run as root or as a member of pgmd-admin)")
        self.assertEqual(self.states(), {"n1": "active", "n2": "standby"}, "a refusal changes nothing")

        # A watch on n1, proven listening by an event it must show.
        watch = EventLines(self.rig, "n1")
        self.addCleanup(watch.close)

        def watch_listens() -> bool:
            self.pgmctl("n1", "restart", "--no-block", "solo")
            return wait_for(lambda: watch.find(lambda e: e.get("group") == "solo"), 5, "", interval=0.05) is not None
        wait_for(lambda: self._quietly(watch_listens), 30, "pgmctl watch on n1 to show an event")

        # Switch-over asked on the owner, to the best ready standby.
        started = time.monotonic()
        result, states = self.switchover("n1", GROUP)
        took = time.monotonic() - started
        self.assert_exit(result, 0)
        self.assertEqual(states, {"n1": "standby", "n2": "active"}, "returned before the switch-over was done")
        failover = wait_for(lambda: watch.find(lambda e: e.get("event") == "failover" and e["group"] == GROUP),
                            10, "watch on n1 to print the Failover")
        self.assertEqual((failover["from_node"], failover["to_node"]), ("n1", "n2"))
        wait_for(lambda: self.owners_by_host() == {"n1": [["n2"]], "n2": [["n2"]]}, 10,
                 "both hosts' pgmctl cluster --json to agree n2 owns app")
        print(f"pgmctl switchover app on n1: {took:.3f} s", flush=True)

        # And back, asked on the standby side (n2 owns it now), to n1 by name.
        wait_for(lambda: self.group_prop("n2", "Mate") == "n1" and self.group_prop("n2", "MateState") == "standby",
                 30, "n2 to see n1 as its ready standby")
        result, states = self.switchover("n2", GROUP, "n1")
        self.assert_exit(result, 0)
        self.assertEqual(states, {"n1": "active", "n2": "standby"}, "returned before the switch-over was done")
        wait_for(lambda: self.owners_by_host() == {"n1": [["n1"]], "n2": [["n1"]]}, 10,
                 "both hosts' pgmctl cluster --json to agree n1 owns app again")

    @staticmethod
    def _quietly(attempt) -> bool:
        try:
            return attempt()
        except SandboxTimeout:
            return False


class PgmctlWithoutACluster(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        config = {"groups.d/web.group": group("application", "web.service")}
        cls.node = class_node(cls, "pgmctl-nocluster", config, {"web.service": simple_unit()}, needs=("pgmctl",),
                              settled={"web": "active"})

    def pgmctl(self, *args: str) -> subprocess.CompletedProcess:
        return self.node.run([PGMCTL, "--no-pager", *args], check=False)

    def test_cluster_commands_say_there_is_none(self):
        for args in (("cluster",), ("cluster", "--json"), ("switchover", "web"), ("switchover", "--no-block", "web")):
            result = self.pgmctl(*args)
            self.assertEqual(result.returncode, 6, f"{args}: {result.stdout} {result.stderr}")
            self.assertEqual(result.stderr.strip(), NOT_IN_A_CLUSTER, args)
            self.assertEqual(result.stdout, "", args)
        self.assertNotIn("Redundancy", self.pgmctl("status", "web").stdout)


if __name__ == "__main__":
    require_cluster_rig()
    unittest.main(verbosity=2)
