"""Statistics of timing samples: robust summaries and the speedup of one variant over another.

Timings have long right tails (a preemption, a clock change), so the median and quantiles describe
them, never the mean alone. A speedup is the ratio of medians; its 95 % interval comes from a seeded
bootstrap of both sample sets, so it is reproducible from the stored samples.
"""

import math
import random
import statistics


def quantile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (NumPy's default), on already sorted values."""
    if not sorted_values:
        raise ValueError("no samples")
    position = (len(sorted_values) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def summarize(samples: list[float]) -> dict:
    """median, p10, p90, iqr, min, max, mean, n and the spread (iqr / median) of positive samples."""
    if not samples or any(not math.isfinite(s) or s <= 0 for s in samples):
        raise ValueError("samples must be positive finite numbers")
    ordered = sorted(samples)
    median = quantile(ordered, 0.5)
    iqr = quantile(ordered, 0.75) - quantile(ordered, 0.25)
    return {
        "median": median,
        "p10": quantile(ordered, 0.10),
        "p90": quantile(ordered, 0.90),
        "iqr": iqr,
        "min": ordered[0],
        "max": ordered[-1],
        "mean": statistics.fmean(ordered),
        "n": len(ordered),
        "spread": iqr / median,
    }


def speedup(baseline: list[float], candidate: list[float], *, resamples: int = 1000, seed: int = 0) -> dict:
    """How many times faster the candidate is (baseline median / candidate median), with a 95 % interval."""
    point = statistics.median(baseline) / statistics.median(candidate)
    rng = random.Random(seed)
    ratios = sorted(
        statistics.median(rng.choices(baseline, k=len(baseline)))
        / statistics.median(rng.choices(candidate, k=len(candidate)))
        for _ in range(resamples)
    )
    return {"ratio": point, "ci95": [quantile(ratios, 0.025), quantile(ratios, 0.975)]}


def within(measured: float, claimed: float, *, relative: float) -> bool:
    """Whether a measured figure is within `relative` (0.10 for 10 %) of the claimed one."""
    return abs(measured - claimed) <= relative * claimed + 1e-12


def gpu_class(name: str) -> str:
    """The product family a claim names and a runner reports, e.g. 'NVIDIA H100 80GB HBM3' -> 'H100'."""
    words = [w for w in name.replace("-", " ").split() if w.upper() not in {"NVIDIA", "GEFORCE", "TESLA"}]
    if not words:
        return name.strip().upper()
    if words[0].upper() in {"RTX", "GTX", "QUADRO"} and len(words) > 1:
        return f"{words[0]} {words[1]}".upper()
    return words[0].upper()
