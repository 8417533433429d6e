"""Runs inside the sandbox: how long pgmd takes to bring many groups up, how
much memory it needs for them, and how much CPU it uses once they all run.

1. systemd alone, as the peer: start a target that wants the same number of
   units, until every one of their start jobs is done; then stop them again.
2. pgmd: start pgmd.service, until every group was announced active
   (GroupStateChanged to active); check with ListGroups.
   For both, the CPU time systemd, dbus-daemon, journald, pgmd and this
   probe used meanwhile (pgmd's split at its READY=1), to tell where the
   time goes.
3. pgmd's peak and current memory (VmHWM, VmRSS).
4. CPU used by pgmd and by systemd (PID 1) over an idle window: utime+stime
   (clock ticks) and the scheduler's run time (ns), plus context switches,
   which count wake-ups.

Prints one JSON document.
"""

import argparse
import glob
import json
import os
import sys
import time

from probe_bus import Bus, PgmdWatch, UnitWatch, ms, now_ns

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


class JobCount:
    """Counts finished jobs of units named prefix*, from a point on; each
    signal is looked at once, since thousands arrive."""

    def __init__(self, bus: Bus, prefix: str, count: int):
        self.bus, self.prefix, self.count = bus, prefix, count
        self.cursor = len(bus.jobs_removed)
        self.seen = 0

    def done(self):
        """Time of the JobRemoved that completed the count; None before.
        Raises on a job that did not succeed."""
        for stamp, unit, result in self.bus.jobs_removed[self.cursor:]:
            self.cursor += 1
            if unit.startswith(self.prefix):
                if result != "done":
                    raise RuntimeError(f"job of {unit}: {result}")
                self.seen += 1
                if self.seen == self.count:
                    return stamp
        return None


def peer_start(bus: Bus, target: str, prefix: str, units: int, processes: dict[str, int], timeout: float) -> dict:
    jobs = JobCount(bus, prefix, units)
    before = run_times(processes)
    start = now_ns()
    bus.systemd.StartUnit(target, "replace")
    started = bus.wait_until(jobs.done, timeout, f"systemd to start {units} units")
    cpu_ms = cpu_since(before, run_times(processes))
    jobs = JobCount(bus, prefix, units)
    bus.systemd.StopUnit(target, "replace")
    bus.wait_until(jobs.done, timeout, f"systemd to stop {units} units")
    return {"all_started_ms": ms(start, started), "cpu_ms": cpu_ms}


def pgmd_start(bus: Bus, pgmd: PgmdWatch, groups: int, processes: dict[str, int], timeout: float) -> dict:
    service = UnitWatch(bus, "pgmd.service")
    service_mark = service.mark()
    cursor = pgmd.mark()
    active = set()
    first = None
    at_ready = {}

    def all_active():
        nonlocal cursor, first
        if not at_ready and service.active_state == "active":
            # Start-up before READY=1 (configuration, drop-ins, reload) apart from the rest.
            at_ready.update(run_times(processes), pgmd=cpu(service.read_main_pid())["run_ns"])
        for stamp, member, payload in pgmd.events[cursor:]:
            cursor += 1
            if member == "GroupStateChanged" and payload[2] == "active":
                active.add(payload[0])
                first = first or stamp
                if len(active) == groups:
                    return stamp
        return None

    before = run_times(processes)
    start = now_ns()
    bus.systemd.StartUnit("pgmd.service", "replace")
    done = bus.wait_until(all_active, timeout, f"pgmd to bring {groups} groups up")
    if not at_ready:
        raise RuntimeError("pgmd.service was never announced active")
    pid = service.read_main_pid()
    # pgmd is a new process: all of its CPU time is start-up.
    at_end = {**run_times(processes), "pgmd": cpu(pid)["run_ns"]}
    before["pgmd"] = 0
    cpu_ms = {"to_ready": cpu_since(before, at_ready), "after_ready": cpu_since(at_ready, at_end)}
    ready = next((s for s, name, value in service.events[service_mark:]
                  if name == "ActiveState" and value == "active"), None)
    states = pgmd.list_groups()
    not_active = [g for g, state in states if state != "active"]
    if len(states) != groups or not_active:
        raise RuntimeError(f"ListGroups: {len(states)} groups, not active: {not_active[:10]}")
    return {"start_ns": start, "ready_ms": ms(start, ready), "first_active_ms": ms(start, first),
            "all_active_ms": ms(start, done), "pid": pid, "cpu_ms": cpu_ms}


def main_pid(bus: Bus, unit: str) -> int:
    return UnitWatch(bus, unit).read_main_pid()


def memory(pid: int) -> dict:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS", "Threads"):
                out[key] = int(value.split()[0])
    return out


def cpu(pid: int) -> dict:
    """CPU used so far by every thread of pid."""
    with open(f"/proc/{pid}/stat") as f:
        # The command name may hold spaces; fields restart after its ')'.
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    run_ns = switches = 0
    for task in glob.glob(f"/proc/{pid}/task/*"):
        with open(f"{task}/schedstat") as f:
            run_ns += int(f.read().split()[0])
        with open(f"{task}/status") as f:
            for line in f:
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    switches += int(line.split()[1])
    return {"ticks": ticks, "run_ns": run_ns, "switches": switches}


def run_times(pids: dict[str, int]) -> dict[str, int]:
    return {name: cpu(pid)["run_ns"] for name, pid in pids.items()}


def cpu_since(before: dict[str, int], after: dict[str, int]) -> dict[str, float]:
    return {name: (after[name] - before[name]) / 1e6 for name in after}


def idle_cpu(pids: dict[str, int], seconds: float) -> dict:
    before = {name: cpu(pid) for name, pid in pids.items()}
    time.sleep(seconds)  # the measurement window itself
    after = {name: cpu(pid) for name, pid in pids.items()}
    return {name: {
        "cpu_ms": (after[name]["ticks"] - before[name]["ticks"]) * 1000 / TICKS_PER_SECOND,
        "run_ms": (after[name]["run_ns"] - before[name]["run_ns"]) / 1e6,
        "switches": after[name]["switches"] - before[name]["switches"],
    } for name in pids}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, required=True)
    parser.add_argument("--units-per-group", type=int, required=True)
    parser.add_argument("--peer-target", required=True)
    parser.add_argument("--peer-prefix", required=True)
    parser.add_argument("--idle-seconds", type=float, required=True)
    parser.add_argument("--settle-seconds", type=float, default=2)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()

    bus = Bus()
    pgmd = PgmdWatch(bus)
    units = args.groups * args.units_per_group
    # Who else works while units start: their CPU time tells where the time goes.
    processes = {"systemd": 1, "dbus-daemon": main_pid(bus, "dbus.service"),
               "journald": main_pid(bus, "systemd-journald.service"), "probe": os.getpid()}
    result = {"systemd": peer_start(bus, args.peer_target, args.peer_prefix, units, processes, args.timeout)}
    result["pgmd"] = pgmd_start(bus, pgmd, args.groups, processes, args.timeout)
    pid = result["pgmd"]["pid"]
    # Let the state save and the journal catch up before the quiet window.
    bus.idle(args.settle_seconds)
    result["memory"] = memory(pid)
    result["idle"] = idle_cpu({"pgmd": pid, "systemd": 1}, args.idle_seconds)
    result["memory_after_idle"] = memory(pid)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
