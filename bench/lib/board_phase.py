"""bench/failover's board phase (--board): pgmd fenced by the independent
computer. A two-host cluster rig whose hosts a real pgm-icd watches and
powers through fault proxies (tests/integration/cluster_board.py's
BoardedCluster: HeartbeatTimeout=500ms, corosync token as the rest of the
run), pgmd's hot and cold pairs active on one host:

  - host killed (its sandbox gone at once, power still on: the board sees
    the silence and cycles it) and host hung (its whole sandbox frozen);
    a sample ends when both groups are active on the other host, by pgmd's
    own StateChangeTimestamp there (cold: its process started there);
    breakdown: the board's power-off (the relay's call), pgmd's journal
    entry of the board's Off notice, corosync's "Members left";
  - N random full partitions (both links of a random host cut, random
    timing, as tests/integration/test_cluster_board_partition.py): the
    board fences one side, which boots again as the standby; over the
    whole phase, every active interval of both groups on both hosts is
    recorded (busctl monitor arrivals on CLOCK_MONOTONIC, and pgmd's own
    stamps) and the overlapping time of the two hosts is summed.

Importable once bench_host.prepare() has put the test harness on the path."""

import random
import time

from cluster_board import BoardedCluster, board_fencing_missing_reason, realtime_usec_to_monotonic
from cluster_pgmd import overlaps, pair_pgmd_conf

HOSTS = ["n1", "n2"]
MEMBERS_LEFT = "Members left"


def other(host: str) -> str:
    return HOSTS[1 - HOSTS.index(host)]


def ms(later: float | None, earlier: float) -> float | None:
    return None if later is None else (later - earlier) * 1000


class BoardPhase:
    """groups: name -> text of its .group file; units: unit -> text."""

    def __init__(self, groups: dict[str, str], units: dict[str, str], token_ms: int):
        reason = board_fencing_missing_reason()
        if reason is not None:
            raise SystemExit(f"--board: {reason}")
        self.groups = list(groups)
        self.cluster = BoardedCluster(HOSTS, pair_pgmd_conf("pgmd-bench-board"), groups, units, token_ms=token_ms)

    def __enter__(self) -> "BoardPhase":
        self.cluster.__enter__()
        c = self.cluster
        c.start_pgmd("n1")
        for g in self.groups:
            c.wait_states(g, {"n1": "active"})
        c.start_pgmd("n2")
        for g in self.groups:
            c.wait_states(g, {"n1": "active", "n2": "standby"})
        c.wait_armed()
        self.began = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        self.cluster.__exit__(*exc)

    def owner(self) -> str:
        owners = {self.cluster.owners_everywhere(g, ["n1"])["n1"][0] for g in self.groups}
        if len(owners) != 1:
            raise RuntimeError(f"the groups are active on {owners}, not on one host")
        return owners.pop()

    def activation_after(self, host: str, group: str, moment: float) -> float:
        """pgmd's stamp (monotonic seconds) of the group active on the host,
        the first after `moment`."""
        def found():
            starts = [realtime_usec_to_monotonic(int(start * 1e6))
                      for start, _ in self.cluster.active_intervals(host, group, by_pgmd=True)]
            return next((s for s in starts if s > moment), None)
        return self.cluster.wait_until(found, 10, f"pgmd's stamp of {group} active on {host}")

    def fault(self, kind: str, gap: float) -> dict:
        """One host failure ("kill" or "hang") of the active host; returns
        the sample once the failed host is back as the standby."""
        c = self.cluster
        x = self.owner()
        y = other(x)
        c.wait_until(lambda: c.icd_prop(y, "CanFence"), 30, f"pgmd on {y} to say its board can fence")
        c.wait_armed()
        time.sleep(gap)
        machine = c.machines[x]
        offs, boots = machine.count("off"), machine.count("booted")
        failed = c.crash(x) if kind == "kill" else c.freeze(x)
        for g in self.groups:
            c.wait_states(g, {y: "active"}, timeout=60)
        sample = {"kind": kind, "from": x, "to": y,
                  **{f"{g}_ms": ms(self.activation_after(y, g, failed), failed) for g in self.groups}}
        sample["total_ms"] = max(sample[f"{g}_ms"] for g in self.groups)
        sample["off_ms"] = ms(c.wait_power_event(x, "off", offs + 1, 30), failed)
        notice = c.first_journal_event(y, "pgmd.service", f"confirmed {x} (host {c.host_ids[x]}) off", failed)
        sample["notice_ms"] = ms(notice[0], failed)
        left = c.first_journal_event(y, "corosync.service", MEMBERS_LEFT, failed, timeout=30)
        sample["members_left_ms"] = ms(left[0], failed)
        self.rejoin(x, y, boots)
        return sample

    def rejoin(self, loser: str, winner: str, boots: int) -> None:
        c = self.cluster
        c.wait_rejoined(loser, boots=boots + 1)
        for g in self.groups:
            c.wait_states(g, {winner: "active", loser: "standby"}, timeout=60)
            c.wait_agreed(g, [winner], timeout=60)

    def arrange(self, host: str) -> None:
        """Both groups active on `host` (a switchover where they are not)."""
        c = self.cluster
        for g in self.groups:
            if c.owners_everywhere(g, ["n1"])["n1"] != [host]:
                accepted, said = c.switchover(host, g, host)
                if not accepted:
                    raise RuntimeError(f"switchover of {g} to {host}: {said}")
        for g in self.groups:
            c.wait_states(g, {host: "active", other(host): "standby"}, timeout=60)
            c.wait_agreed(g, [host], timeout=60)

    def partition(self, rng: random.Random) -> dict:
        """Both links of a random host cut at random moments with both hosts
        healthy, until the board powered one off; the cables back a random
        moment later; returns once the loser is back as the standby."""
        c = self.cluster
        self.arrange(rng.choice(HOSTS))
        holder = self.owner()
        cut = rng.choice(HOSTS)
        offs = {h: c.machines[h].count("off") for h in HOSTS}
        boots = {h: c.machines[h].count("booted") for h in HOSTS}
        cut_at = c.cut_off(cut, rng)
        c.wait_until(lambda: any(c.machines[h].count("off") > offs[h] for h in HOSTS), 60,
                     "the board to power one host off")
        losers = [h for h in HOSTS if c.machines[h].count("off") > offs[h]]
        if len(losers) != 1:
            raise RuntimeError(f"both hosts were powered off: {losers}")
        loser = losers[0]
        winner = other(loser)
        off_at = c.machines[loser].time_of("off", offs[loser] + 1)
        for g in self.groups:
            c.wait_states(g, {winner: "active"}, timeout=60)
        c.reconnect(cut, rng)
        self.rejoin(loser, winner, boots[loser])
        if c.machines[winner].count("off") != offs[winner]:
            raise RuntimeError(f"the winner {winner} was powered off too")
        return {"held_by": holder, "cut": cut, "loser": loser, "off_ms": ms(off_at, cut_at),
                "moved": holder == loser}

    def dual_active_ms(self, by_pgmd: bool) -> dict[str, float]:
        """Per group: the time both hosts had it active at once, summed over
        the phase (every overlap of an interval on n1 with one on n2)."""
        out = {}
        for g in self.groups:
            spans = [self.cluster.active_intervals(h, g, by_pgmd=by_pgmd) for h in HOSTS]
            both = overlaps(*spans)
            out[g] = sum(min(a[1], b[1]) - max(a[0], b[0]) for a, b in both) * 1000
            for a, b in both:
                self.explain(g, a, b, by_pgmd)
        return out

    def explain(self, group: str, a: tuple[float, float], b: tuple[float, float], by_pgmd: bool) -> None:
        """Prints an overlap with what the machines did around it, so that
        a dual-active moment can be told from an artefact of the stamps."""
        shift = (time.time() - time.monotonic()) if by_pgmd else 0.0
        start, end = max(a[0], b[0]) - shift, min(a[1], b[1]) - shift
        events = [f"{h} {what} {(t - start) * 1000:+.0f} ms" for h in HOSTS
                  for t, what in self.cluster.machines[h].timeline() if abs(t - start) < 3]
        events += [f"{h} {state} {(t - start) * 1000:+.0f} ms" for h in HOSTS
                   for w in self.cluster.host_watches(h, group) for t, state in w.arrivals if abs(t - start) < 3]
        print(f"  overlap of {group} ({'pgmd stamps' if by_pgmd else 'arrivals'}): {(end - start) * 1000:.1f} ms "
              f"at {start - self.began:.3f} s into the phase; n1 {a}, n2 {b}; machines: {', '.join(events)}",
              flush=True)

    def intervals(self) -> int:
        """How many active intervals were recorded, both hosts, both groups."""
        return sum(len(self.cluster.active_intervals(h, g, by_pgmd=False)) for h in HOSTS for g in self.groups)
