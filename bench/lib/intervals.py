"""Spacing of periodic events (heartbeat arrivals, timer ticks) against the
interval they were configured with."""

from stats import percentile


def within(stamps: list[float], start: float, end: float) -> list[float]:
    return [t for t in stamps if start <= t <= end]


def gaps(stamps: list[float]) -> list[float]:
    ordered = sorted(stamps)
    return [b - a for a, b in zip(ordered, ordered[1:])]


def deviation_ms(stamps: list[float], interval: float) -> dict:
    """How far the gaps between consecutive stamps (seconds) were from
    `interval`, in ms. Late is positive. "spread" is p99 - p50: jitter with
    any constant offset taken out, so a timer that is always 1 ms late by
    design is not counted as jittery."""
    deviations = [(g - interval) * 1e3 for g in gaps(stamps)]
    if not deviations:
        return {"n": 0}
    p50, p99 = percentile(deviations, 50), percentile(deviations, 99)
    return {"n": len(deviations), "p50": p50, "p99": p99, "max": max(deviations),
            "min": min(deviations), "spread": p99 - p50, "all": deviations}
