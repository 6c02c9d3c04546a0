"""The harness end to end on the CPU (NumPy backend), the report's judgements, and the GPU results."""

import json
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import pytest

from sllm.runner import harness, report
from sllm.runner.backends import Case, Measured
from sllm.runner.backends.numpy_cpu import NumpyBackend
from sllm.runner.spec import parse_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC = {
    "name": "tiny",
    "dtypes": ["bf16"],
    "variants": ["2:4", "csr"],
    "layers": [{"name": "up", "out_features": 128, "in_features": 64}],
    "tokens": [1, 32],
    "csr_max_tokens": 16,
    "warmup": 1,
    "repeats": 5,
    "claims": [{"layer": "up", "tokens": 32, "variant": "2:4", "dtype": "bf16", "speedup": 1.0, "gpu": "H100"}],
}


def test_a_run_writes_result_plot_and_summary(tmp_path):
    result = harness.run(parse_spec(SPEC), NumpyBackend(), tmp_path, log=lambda _: None)

    written = json.loads((tmp_path / "result.json").read_text())
    assert written == json.loads(json.dumps(result))
    assert (written["backend"], written["complete"], written["environment"]["gpu_class"]) == (
        "numpy-cpu",
        True,
        "CPU",
    )
    assert [(c["tokens"], sorted(c["variants"])) for c in written["cases"]] == [
        (1, ["2:4", "csr", "dense"]),
        (32, ["2:4", "csr", "dense"]),
    ]
    assert written["cases"][1]["variants"]["csr"] == {"error": "skipped: CSR is timed up to 16 tokens"}
    two_four = written["cases"][1]["variants"]["2:4"]
    assert (
        two_four["correct"],
        two_four["density"],
        two_four["kernel_ms"]["n"],
        len(two_four["samples"]["call_ms"]),
    ) == (True, 0.5, 5, 5)
    assert sorted(two_four["speedup"]) == ["call", "kernel"]
    # A claim made for an H100 is never reproduced on another class of device.
    assert [(c["same_gpu_class"], c["reproduced"]) for c in written["claims"]] == [(False, False)]
    assert matplotlib.image.imread(tmp_path / "plot.png").shape[2] in (3, 4)
    assert (tmp_path / "summary.txt").read_text().splitlines()[0].split() == [
        "dtype",
        "layer",
        "tokens",
        "dense",
        "ms",
        "2:4",
        "kernel",
        "csr",
        "kernel",
        "2:4",
        "call",
        "csr",
        "call",
    ]


def test_cases_past_the_time_limit_are_skipped_and_the_result_says_so(tmp_path):
    ticks = iter([0, 0, 1000, 1000, 1000, 1000])

    result = harness.run(
        parse_spec({**SPEC, "time_limit_s": 10}),
        NumpyBackend(),
        tmp_path,
        log=lambda _: None,
        clock=lambda: next(ticks),
    )

    assert result["complete"] is False
    assert result["cases"][1] == {
        "dtype": "bf16",
        "layer": "up",
        "out_features": 128,
        "in_features": 64,
        "tokens": 32,
        "skipped": "time limit of 10 s reached",
    }
    assert result["notes"][-1] == "bf16 up (128x64) at 32 tokens: skipped (time limit of 10 s reached)."


CASE = Case("bf16", "up", 11008, 4096, 1)


def test_host_overhead_that_dominates_is_said_in_a_note():
    dense = Measured(
        kernel_ms=[0.034] * 5,
        call_ms=[0.05] * 5,
        back_to_back_ms=[0.035] * 5,
        rel_error=1e-3,
        kernel_method="cuda_graph",
    )
    sparse = Measured(
        kernel_ms=[0.034] * 5,
        call_ms=[0.5] * 5,
        back_to_back_ms=[0.5] * 5,
        rel_error=1e-3,
        density=0.5,
        kernel_method="cuda_graph",
    )
    ceilings = {"gemm_tflops": {"bf16": 700.0}, "copy_bandwidth_gbs": 3000.0}
    case = report.case_report(CASE, {"dense": dense, "2:4": sparse}, ceilings)
    result = {"cases": [case]}

    variant = case["variants"]["2:4"]
    assert (variant["host_overhead_dominates"], variant["host_overhead_share"]) == (
        True,
        pytest.approx(0.932),
    )
    assert (variant["speedup"]["kernel"]["ratio"], variant["speedup"]["call"]["ratio"]) == (1.0, 0.1)
    assert case["bound"] == "memory"
    assert report.notes(result) == [
        "bf16 up (11008x4096) at 1 tokens, 2:4: host overhead dominates, 93% of the eager call time; kernel "
        "speedup 1.00x, eager call speedup 0.10x. The kernel figure is what a graph-captured or batched "
        "model sees; the call figure is what a naive timing reports."
    ]


def test_a_wrong_result_is_flagged_whatever_its_speed():
    dense = Measured(kernel_ms=[1.0] * 5, call_ms=[1.0] * 5, back_to_back_ms=[1.0] * 5, rel_error=1e-3)
    broken = Measured(kernel_ms=[0.1] * 5, call_ms=[0.1] * 5, back_to_back_ms=[0.1] * 5, rel_error=0.9)
    ceilings = {"gemm_tflops": {"bf16": 700.0}, "copy_bandwidth_gbs": 3000.0}

    case = report.case_report(CASE, {"dense": dense, "2:4": broken}, ceilings)

    assert case["variants"]["2:4"]["correct"] is False
    assert report.notes({"cases": [case]}) == [
        "bf16 up (11008x4096) at 1 tokens, 2:4: relative error 9.00e-01 is above 2e-02; its timing is not a "
        "valid result."
    ]


def _result_with(speedups: dict, *, gpu="H100", correct=True) -> dict:
    variants = {name: {"speedup": {"kernel": {"ratio": ratio}}, "correct": correct} for name, ratio in speedups.items()}
    claim = {"layer": "up", "tokens": 8192, "variant": "2:4", "dtype": "bf16", "speedup": 1.6, "gpu": "H100"}
    return {
        "environment": {"gpu_class": gpu},
        "spec": {"claims": [claim]},
        "cases": [{"dtype": "bf16", "layer": "up", "tokens": 8192, "variants": variants}],
    }


@pytest.mark.parametrize(
    ("speedups", "gpu", "correct", "expected"),
    [
        ({"2:4": 1.50}, "H100", True, (1.50, "2:4", True)),
        ({"2:4": 1.30, "2:4-tuned": 1.47}, "H100", True, (1.47, "2:4-tuned", True)),
        ({"2:4": 1.30, "2:4-tuned": 1.20}, "H100", True, (1.30, "2:4", False)),
        ({"2:4": 1.60}, "H200", True, (1.60, "2:4", False)),
        ({"2:4": 1.60}, "H100", False, (1.60, "2:4", False)),
        ({}, "H100", True, (None, "2:4", False)),
    ],
)
def test_a_claim_is_reproduced_within_ten_percent_on_the_same_gpu_class(speedups, gpu, correct, expected):
    (claim,) = report.evaluate_claims(_result_with(speedups, gpu=gpu, correct=correct))

    assert (claim["measured"], claim["measured_variant"], claim["reproduced"]) == expected


def test_the_committed_h100_results_come_from_an_h100_and_read_back():
    result = json.loads((ROOT / "bench-results" / "gpu" / "h100" / "result.json").read_text())

    assert (result["environment"]["gpu"], result["environment"]["torch"], result["complete"]) == (
        "NVIDIA H100 80GB HBM3",
        "2.11.0+cu130",
        True,
    )
    assert all(case["variants"]["dense"]["correct"] for case in result["cases"])
    up = report.find_case(result, dtype="bf16", layer="mlp.up_proj", tokens=8192)
    assert round(up["variants"]["2:4"]["speedup"]["kernel"]["ratio"], 2) == 1.30
    assert [round(c["measured"], 2) for c in report.evaluate_claims(result)] == [1.30, 0.88]


def test_the_runner_imports_no_django_celery_or_drf():
    code = (
        "import sys; import sllm.runner.__main__, sllm.runner.harness, sllm.runner.backends.numpy_cpu, "
        "sllm.runner.job; print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'celery', "
        "'rest_framework'}))"
    )

    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)

    assert (done.returncode, done.stdout.strip()) == (0, "[]")
