#!/usr/bin/python3
"""Pools the samples of several `bench/recovery-latency --json FILE` runs:
per run the median ratio pgmd/systemd, then median, p90, p99 and max of all
samples together, for the fork-based figure and the signal-based one.

    python3 bench/lib/pool_recovery.py run1.json run2.json ...
"""

import json
import statistics
import sys
from pathlib import Path

from stats import column, summary, table


def main() -> None:
    runs = [json.loads(Path(f).read_text()) for f in sys.argv[1:]]
    if not runs:
        raise SystemExit(__doc__)
    for key, what in (("fork_ms", "kill until systemd forked the new main process"),
                      ("total_ms", "kill until the signal that completes the recovery")):
        print(f"\n{what} ({key}), ms\n")
        rows = []
        for i, run in enumerate(runs):
            p, s = summary(column(run["pgmd"], key)), summary(column(run["systemd"], key))
            rows.append([f"run {i + 1} ({Path(sys.argv[i + 1]).name})", p["median"], s["median"],
                         p["median"] / s["median"], p["p90"] / s["p90"]])
        print(table(["", "pgmd median", "systemd median", "ratio median", "ratio p90"], rows))
        pooled = {side: summary([v for run in runs for v in column(run[side], key)]) for side in ("pgmd", "systemd")}
        p, s = pooled["pgmd"], pooled["systemd"]
        print()
        print(table(["pooled", "n", "median", "p90", "p99", "max"], [
            ["pgmd (restart-process)", p["n"], p["median"], p["p90"], p["p99"], p["max"]],
            ["systemd Restart=always", s["n"], s["median"], s["p90"], s["p99"], s["max"]],
            ["ratio pgmd/systemd", None, p["median"] / s["median"], p["p90"] / s["p90"], p["p99"] / s["p99"], None],
        ]))
        per_run = [r[3] for r in rows]
        print(f"\n  median ratio per run: {', '.join(f'{r:.2f}' for r in per_run)} "
              f"(median of runs {statistics.median(per_run):.2f})")
    keys = ["inactive_ms", "down_ms", "step_ms", "reset_call_ms", "restart_call_ms", "restart_reply_ms",
            "fork_ms", "running_ms", "job_done_ms"]
    print("\nmedians of all samples, ms after the kill\n")
    rows = []
    for side in ("pgmd", "systemd"):
        cells = []
        for k in keys:
            values = [v for run in runs for v in column(run[side], k)]
            cells.append(statistics.median(values) if values else None)
        rows.append([side, *cells])
    print(table(["", *[k.removesuffix("_ms") for k in keys]], rows))


if __name__ == "__main__":
    main()
