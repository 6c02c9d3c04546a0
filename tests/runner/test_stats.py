"""The runner's statistics: quantiles, summaries, speedups with intervals, claim margins, GPU classes."""

import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sllm.runner.stats import gpu_class, quantile, speedup, summarize, within

positive = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(st.lists(positive, min_size=1, max_size=200), st.floats(0, 1))
def test_quantile_matches_numpy(values, q):
    assert quantile(sorted(values), q) == pytest.approx(float(np.quantile(values, q)), rel=1e-9, abs=1e-12)


@given(st.lists(positive, min_size=1, max_size=200))
def test_summary_is_ordered_and_exact(values):
    summary = summarize(values)

    assert summary["min"] <= summary["p10"] <= summary["median"] <= summary["p90"] <= summary["max"]
    assert summary["median"] == pytest.approx(statistics.median(values), rel=1e-9)
    assert summary["n"] == len(values)
    assert summary["spread"] == pytest.approx(summary["iqr"] / summary["median"])


def test_summary_of_known_samples():
    assert summarize([4.0, 1.0, 3.0, 2.0, 5.0]) == {
        "median": 3.0,
        "p10": 1.4,
        "p90": 4.6,
        "iqr": 2.0,
        "min": 1.0,
        "max": 5.0,
        "mean": 3.0,
        "n": 5,
        "spread": 2.0 / 3.0,
    }


@pytest.mark.parametrize("samples", [[], [1.0, 0.0], [1.0, float("nan")], [-1.0]])
def test_summary_refuses_samples_that_are_not_timings(samples):
    with pytest.raises(ValueError):
        summarize(samples)


@settings(max_examples=30, deadline=None)
@given(st.lists(positive, min_size=3, max_size=40), st.floats(0.1, 10))
def test_speedup_of_a_scaled_copy_is_the_scale_with_an_interval_around_it(samples, factor):
    result = speedup([s * factor for s in samples], samples, resamples=200)

    assert result["ratio"] == pytest.approx(factor, rel=1e-9)
    low, high = result["ci95"]
    assert low <= result["ratio"] * (1 + 1e-9) and high >= result["ratio"] * (1 - 1e-9)


def test_speedup_is_reproducible_from_its_samples():
    dense, sparse = [1.0, 1.1, 0.9, 1.05], [0.5, 0.55, 0.6, 0.52]

    assert speedup(dense, sparse) == speedup(dense, sparse)


@pytest.mark.parametrize(
    ("measured", "claimed", "expected"),
    [
        (1.45, 1.6, True),
        (1.44, 1.6, True),
        (1.43, 1.6, False),
        (1.76, 1.6, True),
        (1.77, 1.6, False),
    ],
)
def test_within_ten_percent_of_the_claim(measured, claimed, expected):
    assert within(measured, claimed, relative=0.10) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("NVIDIA H100 80GB HBM3", "H100"),
        ("H100", "H100"),
        ("h100", "H100"),
        ("NVIDIA H200", "H200"),
        ("NVIDIA A100-SXM4-80GB", "A100"),
        ("NVIDIA GeForce RTX 4090", "RTX 4090"),
        ("Tesla V100-PCIE-16GB", "V100"),
    ],
)
def test_gpu_class(name, expected):
    assert gpu_class(name) == expected
