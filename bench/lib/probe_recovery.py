"""Runs inside the sandbox: kill -9 of a unit's main process, timed until the
unit runs again, alternating a pgmd member with a unit that only systemd
restarts (Restart=always). Prints one JSON document with every sample.

The headline figure of a sample (fork_ms) runs from the kill until systemd
forked the new main process, by the unit's ExecMainStartTimestampMonotonic,
read once the restart job is over: systemd stamps it with the same
CLOCK_MONOTONIC right after the fork, before it announces anything. The
signal-based figure (total_ms) ends when the last signal that completes the
recovery arrives: for a pgmd sample, the unit is active with a new main pid
and pgmd's EscalationStep restart-process for the group has arrived; for a
systemd sample, the unit is active with a new main pid.
"""

import argparse
import json
import os
import signal
import sys

from probe_bus import Bus, CallMonitor, PgmdWatch, UnitWatch, ms, now_ns


def one_sample(bus: Bus, unit: UnitWatch, pgmd: PgmdWatch | None, group: str, timeout: float,
               calls: CallMonitor | None) -> dict:
    bus.drain()
    old_pid = unit.read_main_pid()
    if old_pid <= 0 or unit.active_state != "active":
        raise RuntimeError(f"{unit.unit} is not running before the kill ({unit.active_state}, pid {old_pid})")
    unit_mark, job_mark = unit.mark(), len(bus.jobs_removed)
    pgmd_mark = pgmd.mark() if pgmd else 0
    calls_mark = calls.mark() if calls else 0

    def restarted(payload):
        return payload[0] == group and payload[1] == "restart-process"

    def complete():
        running = unit.running_again(unit_mark, old_pid)
        if running is None:
            return None
        if pgmd is None:
            return running
        step = pgmd.find(pgmd_mark, "EscalationStep", restarted)
        return None if step is None else max(running, step)

    start = now_ns()
    os.kill(old_pid, signal.SIGKILL)
    end = bus.wait_until(complete, timeout, f"{unit.unit} to run again")
    # Not timed: the restart job must be over before the next kill, or pgmd,
    # which still counts the member as starting, would rightly ignore it.
    job = bus.wait_until(lambda: bus.job_removed_since(job_mark, unit.unit), timeout,
                         f"the restart job of {unit.unit} to finish")
    # systemd's own stamps: read after the job, before the next kill.
    stamps = unit.read_timestamps()
    if stamps["ExecMainStart"] <= start:
        raise RuntimeError(f"{unit.unit}: no fork after the kill (ExecMainStart {stamps['ExecMainStart']}, "
                           f"kill {start})")
    sample = {
        "kill_ns": start,  # CLOCK_MONOTONIC, to line samples up with journal entries
        "fork_ms": ms(start, stamps["ExecMainStart"]),
        "total_ms": ms(start, end),
        # The unit became inactive or failed: for a pgmd member when systemd
        # handled the death (failed); under Restart=always only when the
        # restart job stopped the unit, which waited in auto-restart
        # (ActiveState activating) until then.
        "inactive_ms": ms(start, stamps["InactiveEnter"]) if stamps["InactiveEnter"] > start else None,
        "down_ms": ms(start, unit.first_left_active(unit_mark)),
        "running_ms": ms(start, unit.running_again(unit_mark, old_pid)),
        "job_done_ms": ms(start, job[0]),
        "job_result": job[1],
    }
    if pgmd:
        sample["step_ms"] = ms(start, pgmd.find(pgmd_mark, "EscalationStep", restarted))
    if calls:
        for kind, method, key in (("call", "ResetFailedUnit", "reset_call_ms"),
                                  ("reply", "ResetFailedUnit", "reset_reply_ms"),
                                  ("call", "RestartUnit", "restart_call_ms"),
                                  ("reply", "RestartUnit", "restart_reply_ms")):
            sample[key] = ms(start, calls.first(calls_mark, kind, method))
    return sample


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pgmd-unit", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--peer-unit", required=True)
    parser.add_argument("--samples", type=int, required=True)
    parser.add_argument("--gap", type=float, required=True)
    parser.add_argument("--timeout", type=float, default=10)
    parser.add_argument("--trace-calls", action="store_true",
                        help="also stamp pgmd's ResetFailedUnit/RestartUnit calls and replies (a bus monitor)")
    args = parser.parse_args()

    bus = Bus()
    pgmd = PgmdWatch(bus)
    calls = CallMonitor(bus, ("ResetFailedUnit", "RestartUnit")) if args.trace_calls else None
    sides = {"pgmd": UnitWatch(bus, args.pgmd_unit), "systemd": UnitWatch(bus, args.peer_unit)}
    results = {"pgmd": [], "systemd": []}
    for i in range(args.samples):
        # Pairs in alternating order (ABBA...), so that neither side always
        # runs right after the other.
        order = ["pgmd", "systemd"] if i % 2 == 0 else ["systemd", "pgmd"]
        for side in order:
            watch = pgmd if side == "pgmd" else None
            results[side].append(one_sample(bus, sides[side], watch, args.group, args.timeout, calls))
            bus.idle(args.gap)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
