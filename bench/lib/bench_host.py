"""Host side of the benchmarks: finds pgmd and the sandbox harness, runs a
probe program inside a PgmdNode, and describes the machine."""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

LIB = Path(__file__).resolve().parent
SOURCE_ROOT = LIB.parents[1]


def add_build_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--build-dir", type=Path,
                        default=Path(os.environ.get("PGMD_BUILD_DIR", SOURCE_ROOT / "build")),
                        help="meson build directory holding daemon/app/pgmd (default: $PGMD_BUILD_DIR or build/)")


# What every benchmark runs: pgmd. Those that need more name it to prepare().
PGMD_TARGET = "daemon/app/pgmd"


def build(build_dir: Path, targets: list[str]) -> None:
    """Builds what a benchmark runs, as tools/demo and tools/test build what
    they run: a tree that another command built only in part still works."""
    if not (build_dir / "build.ninja").exists():
        subprocess.run(["meson", "setup", str(build_dir), str(SOURCE_ROOT)], check=True)
    subprocess.run(["ninja", "-C", str(build_dir), *targets], check=True)


def prepare(build_dir: Path, extra_targets: tuple[str, ...] = ()):
    """Builds pgmd (and `extra_targets`), checks that the benchmarks can run
    here (else exits, 77 where the sandbox cannot boot) and returns the
    integration tests' PgmdNode class, set up for the pgmd in build_dir."""
    build(build_dir, [PGMD_TARGET, *extra_targets])
    # pgmd_node reads the build directory once, when it is imported.
    os.environ["PGMD_BUILD_DIR"] = str(build_dir.resolve())
    sys.dont_write_bytecode = True
    sys.path[:0] = [str(SOURCE_ROOT / "tests" / "sandbox"), str(SOURCE_ROOT / "tests" / "integration")]
    from pgmd_node import PgmdNode
    from sandbox import require_sandbox
    require_sandbox()
    # The probes run on the sandbox's view of this machine's /usr.
    check = subprocess.run(["/usr/bin/python3", "-c", "import dbus, gi.repository.GLib"],
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit("the probes need the Debian packages python3-dbus and python3-gi:\n" + check.stderr)
    if not (build_dir / "daemon" / "app" / "pgmd").exists():
        raise SystemExit(f"{build_dir}/daemon/app/pgmd is not built (see --build-dir)")
    return PgmdNode


def run_probe(node, probe: str, args: list[str], timeout: float) -> dict:
    """Runs bench/lib/<probe> inside the sandbox (the host's files are visible
    there at the same paths) and returns the JSON it prints."""
    result = node.run(["/usr/bin/python3", "-B", str(LIB / probe), *args], check=False, timeout=timeout)
    if result.returncode != 0:
        raise SystemExit(f"{probe} failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout)


def machine() -> dict:
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "cpu": model,
        "kernel": platform.release(),
        "load": load,
    }


def print_machine() -> None:
    # The load average tells whether something else competed for the CPUs.
    m = machine()
    print(f"# {m['date']}; {m['cpus']} CPUs ({m['cpu']}); kernel {m['kernel']}; load average {m['load']}",
          flush=True)
