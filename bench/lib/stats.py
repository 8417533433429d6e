"""Summaries of latency samples and plain-text tables."""

import math
import statistics


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): a value that was actually measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def p90(values: list[float]) -> float:
    return percentile(values, 90)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "median": statistics.median(values), "p90": p90(values),
            "p99": percentile(values, 99), "min": min(values), "max": max(values)}


def column(samples: list[dict], key: str) -> list[float]:
    return [s[key] for s in samples if s.get(key) is not None]


def table(headers: list[str], rows: list[list], indent: str = "  ") -> str:
    """Right-aligns numbers, left-aligns text; floats with 2 decimals."""
    def cell(v):
        if isinstance(v, float):
            return f"{v:.2f}"
        return "-" if v is None else str(v)
    text_rows = [[cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in text_rows)) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], (int, float)) or row[i] is None for row in rows) for i in range(len(headers))]

    def line(cells):
        return indent + "  ".join(c.rjust(w) if n else c.ljust(w)
                                  for c, w, n in zip(cells, widths, numeric)).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, text_rows)])
