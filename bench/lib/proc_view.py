"""A sandboxed process seen from the host's /proc: its host pid, CPU time,
wake-ups, memory and scheduling. The sandbox's /proc shows the same kernel
counters; reading them from the host spares an nsenter per look and lets the
benchmark signal the process the moment it stamps the time."""

from pathlib import Path

SCHED_POLICIES = {0: "SCHED_OTHER", 1: "SCHED_FIFO", 2: "SCHED_RR", 3: "SCHED_BATCH", 5: "SCHED_IDLE",
                  6: "SCHED_DEADLINE"}


class ProcViewError(Exception):
    pass


def host_pid(sandbox, unit: str) -> int:
    """The host pid of `unit`'s main process: the process of the unit's
    cgroup whose innermost pid (NSpid) is the MainPID systemd reports."""
    inside = sandbox.main_pid(unit)
    # Templates' instances sit in a slice of their own: ask systemd where.
    control_group = sandbox.unit_property(unit, "ControlGroup").lstrip("/")
    procs = Path(sandbox.cgroup.path) / control_group / "cgroup.procs"
    try:
        candidates = [int(p) for p in procs.read_text().split()]
    except FileNotFoundError:
        raise ProcViewError(f"{unit} has no cgroup at {procs.parent}") from None
    for pid in candidates:
        if _status(pid).get("NSpid", "").split()[-1:] == [str(inside)]:
            return pid
    raise ProcViewError(f"no process of {unit}'s cgroup has the main pid {inside} inside the sandbox")


def _status(pid: int) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except FileNotFoundError:
        return {}
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def _tasks(pid: int) -> list[Path]:
    return list(Path(f"/proc/{pid}/task").iterdir())


def cpu_ns(pid: int) -> int:
    """Time on a CPU, all threads, from the scheduler (ns; utime/stime only
    count 10 ms ticks, too coarse for an idle daemon)."""
    return sum(int((task / "schedstat").read_text().split()[0]) for task in _tasks(pid))


def context_switches(pid: int) -> int:
    """Voluntary + involuntary switches, all threads: a daemon's wake-ups."""
    total = 0
    for task in _tasks(pid):
        for line in (task / "status").read_text().splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


def memory_kib(pid: int) -> dict[str, int]:
    status = _status(pid)
    return {key: int(status[key].split()[0]) for key in ("VmRSS", "VmHWM") if key in status} | {
        "threads": int(status.get("Threads", "0"))}


def scheduling(pid: int) -> dict:
    """Policy, nice and real-time priority from /proc/PID/stat."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # Fields after the command name, which may itself hold spaces and ')'.
    rest = stat[stat.rindex(")") + 2:].split()
    field = lambda n: int(rest[n - 3])  # noqa: E731  (proc(5) numbers fields from 1)
    try:
        # With autogroup scheduling CFS shares the CPUs between sessions first.
        autogroup = Path(f"/proc/{pid}/autogroup").read_text().split()[0].lstrip("/")
    except FileNotFoundError:
        autogroup = "none"
    return {"policy": SCHED_POLICIES.get(field(41), str(field(41))), "nice": field(19),
            "rt_priority": field(40), "autogroup": autogroup}


def describe_scheduling(pid: int) -> str:
    s = scheduling(pid)
    return f"{s['policy']}, nice {s['nice']}, real-time priority {s['rt_priority']}, {s['autogroup']}"
