"""`pgmd --check-config` and `pgm-icd --check-config` on configuration files
that are not what they claim: a FIFO (once a hang), a link to /dev/zero (once
std::bad_alloc after eating memory), a value with terminal control bytes
(once echoed raw to the terminal). Each is one clear error naming the file,
and the command ends. Also a cluster configuration as every node gets it:
the groups another node runs named, the cluster keys' mistakes at their
lines. Runs the programs directly: no systemd needed."""

import os
import subprocess
import tempfile
import unittest
from pathlib import Path

BUILD_DIR = Path(os.environ.get("PGMD_BUILD_DIR", Path(__file__).resolve().parents[2] / "build"))
PGMD = BUILD_DIR / "daemon" / "app" / "pgmd"
PGM_ICD = BUILD_DIR / "icd" / "daemon" / "pgm-icd"
# No system bus: --check-config then skips asking systemd about unit names.
ENV = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent/pgmd-check-config"}
# A hang is what is being tested against: fail well before the harness's timeout.
DEADLINE = 20


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*args], capture_output=True, env=ENV, timeout=DEADLINE)


class CheckConfig(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="pgmd-check-config-"))
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", str(self.dir)]))
        (self.dir / "groups.d").mkdir()

    def pgmd_errors(self) -> str:
        r = check(str(PGMD), "--check-config", f"--config-dir={self.dir}")
        self.assertEqual(r.returncode, 1, r.stderr)
        return r.stderr.decode()

    def test_a_fifo_as_a_group_file_is_an_error_not_a_hang(self):
        os.mkfifo(self.dir / "groups.d" / "app.group")
        self.assertIn(f"{self.dir}/groups.d/app.group: is a FIFO, not a regular file", self.pgmd_errors())

    def test_a_fifo_as_the_manager_file_is_an_error_not_a_hang(self):
        os.mkfifo(self.dir / "pgmd.conf")
        self.assertIn(f"{self.dir}/pgmd.conf: is a FIFO, not a regular file", self.pgmd_errors())

    def test_a_link_to_dev_zero_is_an_error_not_a_bad_alloc(self):
        (self.dir / "groups.d" / "app.group").symlink_to("/dev/zero")
        errors = self.pgmd_errors()
        self.assertIn(f"{self.dir}/groups.d/app.group: is a character device, not a regular file", errors)
        self.assertNotIn("bad_alloc", errors)

    def test_a_link_to_a_regular_file_is_read(self):
        (self.dir / "app.group").write_text("[Group]\nLayer=application\nUnits=a.service\n")
        (self.dir / "groups.d" / "app.group").symlink_to(self.dir / "app.group")
        r = check(str(PGMD), "--check-config", f"--config-dir={self.dir}")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_control_bytes_in_a_value_are_escaped(self):
        (self.dir / "groups.d" / "app.group").write_bytes(b"[Group]\nLayer=\x1b[2J\x1c\nUnits=a.service\n")
        r = check(str(PGMD), "--check-config", f"--config-dir={self.dir}")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertNotIn(b"\x1b", r.stderr)
        self.assertNotIn(b"\x1c", r.stderr)
        self.assertIn(rb"\x1b[2J\x1c", r.stderr)
        self.assertIn(f"{self.dir}/groups.d/app.group:2: Layer: ".encode(), r.stderr)

    def test_an_unknown_log_level_on_the_command_line_is_refused(self):
        r = check(str(PGMD), "--log-level=loud", "--check-config", f"--config-dir={self.dir}")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("pgmd: invalid log level 'loud'", r.stderr.decode())

    def write_group(self, name: str, keys: str = "") -> None:
        (self.dir / "groups.d" / f"{name}.group").write_text(
            f"[Group]\nLayer=application\nUnits={name}.service\n{keys}")

    def test_one_cluster_configuration_names_the_groups_another_node_runs(self):
        (self.dir / "pgmd.conf").write_text("[Manager]\nNodeName=node-a\n\n[Cluster]\n"
                                            "FenceCommand=/usr/sbin/fence_ipmilan --ip=10.0.0.9\n")
        self.write_group("billing", "Redundancy=hot-standby\nNodes=node-a node-b\n")
        self.write_group("reports", "Redundancy=cold-standby\nNodes=node-b node-c\n")
        self.write_group("workers", "Redundancy=sparing\nNodes=node-c node-b\nActiveCount=1\n")
        r = check(str(PGMD), "--check-config", f"--config-dir={self.dir}")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout.decode()
        self.assertIn(f"{self.dir}: configuration OK (1 groups, 0 resources)", out)
        self.assertIn("2 more groups not run on this node (node-a): reports workers", out)

    def test_cluster_mistakes_are_named_at_their_keys(self):
        (self.dir / "pgmd.conf").write_text("[Manager]\nNodeName=node-a\n\n[Cluster]\n"
                                            "FenceCommand=fence_ipmilan --ip=10.0.0.9\nFenceTimeoutSec=0\n")
        self.write_group("db", "Redundancy=cold-standby\nNodes=node-b node-c\n")
        self.write_group("app", "DependsOn=db\nRedundancy=hot-standby\nNodes=node-a node-b node-a\n")
        self.write_group("old", "Role=primary\nMate=node-b\nRedundancy=cold-standby\nNodes=node-a node-b\n")
        self.write_group("spare", "Redundancy=sparing\nNodes=node-a node-b\nActiveCount=2\n")
        errors = self.pgmd_errors()
        conf = f"{self.dir}/pgmd.conf"
        groups = f"{self.dir}/groups.d"
        for line in [
            f"{conf}:5: FenceCommand: the program 'fence_ipmilan' must be an absolute path",
            f"{conf}:6: FenceTimeoutSec: must be greater than 0",
            f"{groups}/app.group:4: DependsOn: group 'db' does not run on this node",
            f"{groups}/app.group:6: Nodes: node 'node-a' is listed twice",
            f"{groups}/old.group:4: Role: Role= is the older per-node form of a pair",
            f"{groups}/old.group:5: Mate: Mate= is the older per-node form of a pair",
            f"{groups}/spare.group:6: ActiveCount: ActiveCount=2 must be at least 1 and less than the 2 nodes",
            "pgmd: 7 configuration errors in",
        ]:
            self.assertIn(line, errors)

    def test_pgm_icd_refuses_a_fifo_and_a_link_to_dev_zero(self):
        fifo = self.dir / "fifo.conf"
        os.mkfifo(fifo)
        r = check(str(PGM_ICD), f"--config={fifo}", "--check-config")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(f"{fifo}: is a FIFO, not a regular file", r.stderr.decode())

        zero = self.dir / "zero.conf"
        zero.symlink_to("/dev/zero")
        r = check(str(PGM_ICD), f"--config={zero}", "--check-config")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(f"{zero}: is a character device, not a regular file", r.stderr.decode())


if __name__ == "__main__":
    unittest.main(verbosity=2)
