"""Shared helpers for the peer benchmarks: timing summaries and the seed data set."""
import json
import statistics
import sys
import time


def summary(name, peer, unit, samples, **extra):
    """One result line in the same shape as `fitreport bench --json` results (median, min, max, quartiles)."""
    s = sorted(samples)
    q = statistics.quantiles(s, n=4, method="inclusive") if len(s) > 1 else [s[0], s[0], s[0]]
    record = {"name": name, "peer": peer, "unit": unit, "samples": samples,
              "median": statistics.median(s), "min": s[0], "max": s[-1], "q1": q[0], "q3": q[2]}
    record.update(extra)
    print(json.dumps(record), flush=True)
    print(f"  {peer:>16} {name:<24} {record['median']:.4g} {unit}", file=sys.stderr, flush=True)
    return record


def seed_data(n, np):
    """The seed problem: x = linspace(0, 1, n), y = 20x^2 + 5x - 3 + N(0, 1) (numpy generator, seed 0)."""
    rng = np.random.default_rng(0)
    x = np.linspace(0.0, 1.0, n)
    y = 20 * x**2 + 5 * x - 3 + rng.standard_normal(n)
    init = rng.standard_normal(3)
    return x, y, init


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start
