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


# Issue 13's general-formula workloads (Sources/Benchmarks/FormulaWorkloads.swift): name, model, points, epochs,
# epochs with --quick. Adam lr 1e-3 (beta 0.9/0.999, eps 1e-8), MSE, float64.
FORMULA_CASES = [
    ("train-sin-n100", "sin", 100, 20000, 4000),
    ("train-sin-n1e5", "sin", 100_000, 100, 20),
    ("train-tanh8-n100", "tanh8", 100, 10000, 2000),
    ("train-tanh8-n1e5", "tanh8", 100_000, 40, 10),
    ("train-mlp16x16-n1e4", "mlp16x16", 10_000, 60, 15),
]


def formula_data(n, np):
    """x = linspace(-2, 2, n), y = 2 sin(3x) + 0.5 + 0.1 N(0, 1)."""
    rng = np.random.default_rng(0)
    x = np.linspace(-2.0, 2.0, n)
    y = 2 * np.sin(3 * x) + 0.5 + 0.1 * rng.standard_normal(n)
    return x, y


def formula_init(kind, np):
    """Initial parameters as one flat vector (the timing does not depend on their values)."""
    rng = np.random.default_rng(1)
    if kind == "sin":
        return np.array([1.0, 2.5, 0.0])
    if kind == "tanh8":
        return rng.standard_normal(25) * 0.5
    # mlp 1 -> 16 -> 16 -> 1, Glorot uniform weights, zero biases.
    def glorot(fan_in, fan_out):
        a = (6.0 / (fan_in + fan_out)) ** 0.5
        return rng.uniform(-a, a, fan_in * fan_out)
    return np.concatenate([glorot(1, 16), np.zeros(16), glorot(16, 16), np.zeros(16), glorot(16, 1), np.zeros(1)])
