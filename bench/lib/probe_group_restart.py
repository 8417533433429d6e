"""Runs inside the sandbox: kill -9 of one member of a group whose process
restart budget is 0, timed until every member runs again with a new main pid
and pgmd has announced the group active again (GroupStateChanged
init -> active). Kills each member in turn. Prints one JSON document."""

import argparse
import json
import os
import signal
import sys

from probe_bus import Bus, PgmdWatch, UnitWatch, ms, now_ns


def one_sample(bus: Bus, units: list[UnitWatch], victim: UnitWatch, pgmd: PgmdWatch, group: str,
               timeout: float) -> dict:
    bus.drain()
    old = {}
    for u in units:
        old[u.unit] = u.read_main_pid()
        if old[u.unit] <= 0 or u.active_state != "active":
            raise RuntimeError(f"{u.unit} is not running before the kill ({u.active_state}, pid {old[u.unit]})")
    marks = {u.unit: u.mark() for u in units}
    pgmd_mark = pgmd.mark()

    def back_active():
        return pgmd.find(pgmd_mark, "GroupStateChanged", lambda p: p[:3] == (group, "init", "active"))

    def all_running():
        stamps = [u.running_again(marks[u.unit], old[u.unit]) for u in units]
        return None if None in stamps else max(stamps)

    def complete():
        running, active = all_running(), back_active()
        return None if running is None or active is None else max(running, active)

    start = now_ns()
    os.kill(old[victim.unit], signal.SIGKILL)
    end = bus.wait_until(complete, timeout, f"group {group} to run again")
    return {
        "total_ms": ms(start, end),
        "down_ms": ms(start, victim.first_left_active(marks[victim.unit])),
        "step_ms": ms(start, pgmd.find(pgmd_mark, "EscalationStep", lambda p: p[:2] == (group, "restart-group"))),
        "init_ms": ms(start, pgmd.find(pgmd_mark, "GroupStateChanged", lambda p: p[:3] == (group, "active", "init"))),
        "all_running_ms": ms(start, all_running()),
        "group_active_ms": ms(start, back_active()),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--group", required=True)
    parser.add_argument("--units", nargs="+", required=True)
    parser.add_argument("--samples", type=int, required=True)
    parser.add_argument("--gap", type=float, required=True)
    parser.add_argument("--timeout", type=float, default=20)
    args = parser.parse_args()

    bus = Bus()
    pgmd = PgmdWatch(bus)
    units = [UnitWatch(bus, u) for u in args.units]
    samples = []
    for i in range(args.samples):
        # The group is active again only after pgmd saw every member's
        # restart job finish, so the next kill cannot overtake this restart.
        samples.append(one_sample(bus, units, units[i % len(units)], pgmd, args.group, args.timeout))
        bus.idle(args.gap)
    json.dump({"samples": samples}, sys.stdout)


if __name__ == "__main__":
    main()
