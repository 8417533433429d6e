#!/usr/bin/env python3
"""Smoke test of the systemd sandbox harness: a private systemd with a real
system bus boots, runs and supervises units, reboots with persistent state,
and neither touches the host's /tmp and /run nor leaves anything behind."""

import os
import shutil
import tempfile
import unittest
from pathlib import Path

from sandbox import STATE_DIR_INSIDE, Sandbox, exit_reason, require_sandbox

SLEEPER = """\
[Unit]
Description=smoke: a long sleeper

[Service]
ExecStart=/bin/sleep infinity
Restart=no
"""
UNITS = {"sleeper.service": SLEEPER, "victim.service": SLEEPER}
START = ["sleeper.service", "victim.service"]
POLICY = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <policy user="root">
    <allow own="org.pgmd1.SmokeAllowed"/>
  </policy>
</busconfig>
"""
SYSTEM_PYTHON = "/usr/bin/python3"
SYSTEMD_BUS = ["org.freedesktop.systemd1", "/org/freedesktop/systemd1",
               "org.freedesktop.systemd1.Manager"]


def host_pids_in(cgroup_dir: Path) -> list[int]:
    return [int(pid) for procs in cgroup_dir.rglob("cgroup.procs")
            for pid in procs.read_text(encoding="ascii").split()]


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class HostMarkers:
    """Files in the host's /tmp and /run that must survive a sandbox's boot
    (systemd-tmpfiles empties /tmp of whatever /tmp it sees)."""

    def __init__(self):
        tag = f"pgm-sandbox-smoke-{os.getpid()}"
        self.paths = [Path("/tmp") / tag, Path("/run") / tag]
        for path in self.paths:
            path.write_text("must survive\n", encoding="ascii")

    def intact(self) -> bool:
        return all(p.exists() and p.read_text(encoding="ascii") == "must survive\n"
                   for p in self.paths)

    def remove(self) -> None:
        for path in self.paths:
            path.unlink(missing_ok=True)


class RunningSandboxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.markers = HostMarkers()
        cls.policy_dir = tempfile.mkdtemp(prefix="pgm-sandbox-smoke-policy-")
        policy = Path(cls.policy_dir, "org.pgmd1.SmokeAllowed.conf")
        policy.write_text(POLICY, encoding="utf-8")
        cls.sandbox = Sandbox("smoke", UNITS, start=START, dbus_policies=[policy])
        cls.sandbox.boot(timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.close()
        cls.markers.remove()
        shutil.rmtree(cls.policy_dir)

    def test_boot_leaves_no_failed_unit(self):
        self.assertEqual(self.sandbox.failed_units(), [])

    def test_service_runs_under_the_sandbox_systemd(self):
        state = self.sandbox.run(["systemctl", "is-active", "sleeper.service"]).stdout
        self.assertEqual(state.strip(), "active")
        unit_path = self.sandbox.run(["busctl", "--system", "call", *SYSTEMD_BUS,
                                      "GetUnit", "s", "sleeper.service"]).stdout.split()[1]
        self.assertEqual(unit_path.strip('"'), "/org/freedesktop/systemd1/unit/sleeper_2eservice")
        state = self.sandbox.run(["busctl", "--system", "get-property", SYSTEMD_BUS[0],
                                  unit_path.strip('"'), "org.freedesktop.systemd1.Unit",
                                  "ActiveState"]).stdout
        self.assertEqual(state.strip(), 's "active"')

    def test_dbus_policy_file_is_honoured(self):
        if self.sandbox.run([SYSTEM_PYTHON, "-c", "import dbus"], check=False).returncode != 0:
            self.skipTest("python3-dbus is not installed")

        def own(name: str) -> int:
            return self.sandbox.run([SYSTEM_PYTHON, "-c",
                                     f"import dbus; dbus.SystemBus().request_name({name!r})"],
                                    check=False).returncode

        self.assertEqual(own("org.pgmd1.SmokeAllowed"), 0)
        self.assertNotEqual(own("org.pgmd1.SmokeDenied"), 0, "the bus allows any name")

    def test_killed_service_is_seen_failed(self):
        pid = self.sandbox.main_pid("victim.service")
        self.assertGreater(pid, 1)
        self.sandbox.run(["kill", "-9", str(pid)])
        self.sandbox.wait_for_unit_state("victim.service", "failed", timeout=10)
        self.assertEqual(self.sandbox.unit_property("victim.service", "Result"), "signal")

    def test_journal_records_the_service(self):
        self.sandbox.wait_for(
            lambda: "Started sleeper.service" in self.sandbox.journal("sleeper.service"),
            10, "the journal to record the start of sleeper.service")

    def test_host_tmp_and_run_stay_the_hosts(self):
        self.assertTrue(self.markers.intact(), "a host marker file was changed or removed")
        for marker in self.markers.paths:
            inside = self.sandbox.run(["test", "-e", str(marker)], check=False)
            self.assertEqual(inside.returncode, 1, f"{marker} is visible inside the sandbox")
        inside_only = f"pgm-sandbox-smoke-inside-{os.getpid()}"
        for directory in ("/tmp", "/run"):
            self.sandbox.write_file(f"{directory}/{inside_only}", "inside\n")
            self.assertFalse(Path(directory, inside_only).exists(),
                             f"a file written to the sandbox's {directory} reached the host")

    def test_identity_is_the_sandboxs(self):
        self.assertEqual(self.sandbox.run(["hostname"]).stdout.strip(), "smoke")
        machine_id = self.sandbox.read_file("/etc/machine-id").strip()
        self.assertRegex(machine_id, r"^[0-9a-f]{32}$")
        host_id = Path("/etc/machine-id").read_text(encoding="ascii").strip() \
            if Path("/etc/machine-id").exists() else ""
        self.assertNotEqual(machine_id, host_id)


class RebootTest(unittest.TestCase):
    def setUp(self):
        self.markers = HostMarkers()
        # Under the host's /tmp on purpose: bind sources there must still work.
        self.state_dir = tempfile.mkdtemp(prefix="pgm-sandbox-smoke-state-", dir="/tmp")
        self.sandbox = Sandbox("smoke-reboot", UNITS, state_dir=self.state_dir, start=START)

    def tearDown(self):
        self.sandbox.close()
        shutil.rmtree(self.state_dir)
        self.markers.remove()

    def test_state_dir_survives_a_reboot(self):
        self.sandbox.boot()
        marker = f"{STATE_DIR_INSIDE}/boot-marker"
        self.sandbox.write_file(marker, "written in the first boot\n")
        machine_id = self.sandbox.read_file("/etc/machine-id")
        first_cgroup = self.sandbox.cgroup.path

        # PID 1 may take systemctl down with it before it exits: no check.
        self.sandbox.run(["systemctl", "reboot"], check=False)
        status = self.sandbox.wait_exit(timeout=30)
        self.assertEqual(exit_reason(status), "reboot")
        self.assertFalse(self.sandbox.is_running)
        self.assertFalse(first_cgroup.exists(), "the first boot's cgroup was left behind")
        self.assertTrue(self.markers.intact(), "a host marker file was changed or removed")

        self.sandbox.boot()
        self.assertEqual(self.sandbox.read_file(marker), "written in the first boot\n")
        self.assertEqual(Path(self.state_dir, "boot-marker").read_text(encoding="utf-8"),
                         "written in the first boot\n")
        self.assertEqual(self.sandbox.read_file("/etc/machine-id"), machine_id)
        self.sandbox.wait_for_unit_state("sleeper.service", "active")


class NoLeakTest(unittest.TestCase):
    def test_close_leaves_no_process_cgroup_or_work_dir(self):
        sandbox = Sandbox("smoke-leak", UNITS, start=START)
        sandbox.boot()
        pid1 = sandbox.pid1
        inside = host_pids_in(sandbox.cgroup.path)
        self.assertIn(pid1, inside)
        self.assertGreaterEqual(len(inside), 4, "systemd, dbus, journald and sleepers expected")

        sandbox.close()
        for pid in inside:
            self.assertFalse(process_exists(pid), f"sandbox process {pid} outlived close()")
        self.assertFalse(sandbox.cgroup.path.exists())
        self.assertFalse(sandbox.workdir.path.exists())

    def test_two_sandboxes_of_one_name_run_side_by_side(self):
        with Sandbox("twin", UNITS, start=START) as first, \
                Sandbox("twin", UNITS, start=START) as second:
            self.assertNotEqual(first.cgroup.path, second.cgroup.path)
            self.assertNotEqual(first.read_file("/etc/machine-id"),
                                second.read_file("/etc/machine-id"))
            first.run(["systemctl", "stop", "sleeper.service"])
            self.assertEqual(first.unit_property("sleeper.service", "ActiveState"), "inactive")
            self.assertEqual(second.unit_property("sleeper.service", "ActiveState"), "active")
            first.stop()
            self.assertTrue(second.is_running)
            self.assertEqual(second.failed_units(), [])


if __name__ == "__main__":
    require_sandbox()
    unittest.main(verbosity=2)
