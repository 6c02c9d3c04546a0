"""Spec validation: every problem is named with where it is, and a valid spec normalizes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sllm.runner.spec import Layer, SpecError, SpeedupClaim, parse_spec

ROOT = Path(__file__).resolve().parents[2]
VALID = {
    "name": "mlp",
    "dtypes": ["bf16"],
    "variants": ["2:4"],
    "layers": [{"name": "up", "out_features": 11008, "in_features": 4096}],
    "tokens": [1, 8192],
    "claims": [{"layer": "up", "tokens": 8192, "variant": "2:4", "dtype": "bf16", "speedup": 1.6, "gpu": "H100"}],
}


def test_a_valid_spec_with_defaults():
    spec = parse_spec(VALID)

    assert spec.layers == (Layer("up", 11008, 4096),)
    assert spec.claims == (SpeedupClaim("up", 8192, "2:4", "bf16", 1.6, "H100"),)
    assert (spec.warmup, spec.repeats, spec.csr_sparsity, spec.csr_max_tokens, spec.time_limit_s) == (
        10,
        50,
        0.5,
        2048,
        900,
    )
    assert len(spec.sha256()) == 64


def test_the_committed_gpu_spec_is_valid():
    spec = parse_spec(json.loads((ROOT / "bench-results" / "gpu" / "spec.json").read_text()))

    assert [layer.name for layer in spec.layers] == [
        "attn.q_proj",
        "mlp.up_proj",
        "mlp.down_proj",
        "llama3.mlp.up_proj",
    ]


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (
            {"layers": []},
            ["layers: must be a list of 1 to 32 layers", "claims[0].layer: names no layer of the spec"],
        ),
        ({"tokens": [0, 8192]}, ["tokens[0]: must be an integer from 1 to 65536"]),
        (
            {"tokens": [1, 1]},
            ["tokens: must be distinct", "claims[0].tokens: is not one of the spec's token counts"],
        ),
        (
            {"dtypes": ["fp32"]},
            [
                "dtypes: must be a non-empty list of distinct values from bf16, fp16",
                "claims[0].dtype: is not one of the spec's dtypes",
            ],
        ),
        (
            {"variants": ["2:4", "2:4"]},
            [
                "variants: must be a non-empty list of distinct values from 2:4, csr",
                "claims[0].variant: is not one of the spec's variants",
            ],
        ),
        (
            {"layers": [{"name": "up", "out_features": 100, "in_features": 4096}]},
            ["layers[0].out_features: must be an integer from 64 to 65536, a multiple of 64"],
        ),
        (
            {"layers": [{"name": "up", "out_features": 64, "in_features": 64, "bias": True}]},
            [
                "layers[0]: must hold name, out_features, in_features and optionally tensor",
                "claims[0].layer: names no layer of the spec",
            ],
        ),
        ({"repeats": 2}, ["repeats: must be an integer from 5 to 10000"]),
        ({"warmup": True}, ["warmup: must be an integer from 1 to 1000"]),
        ({"csr_sparsity": 1}, ["csr_sparsity: must be a number above 0 and at most 0.999"]),
        ({"extra": 1}, ["spec: unknown keys extra"]),
        (
            {"claims": [{"layer": "up"}]},
            ["claims[0]: must hold exactly dtype, gpu, layer, speedup, tokens, variant"],
        ),
        (
            {"claims": [{**VALID["claims"][0], "speedup": -1}]},
            ["claims[0].speedup: must be a number above 0 and at most 100"],
        ),
        (
            {"layers": [{"name": "up", "out_features": 65536, "in_features": 65536}]},
            [
                "layers: up at 1 tokens needs 4295098368 elements, over 2000000000",
                "layers: up at 8192 tokens needs 5368709120 elements, over 2000000000",
            ],
        ),
    ],
)
def test_each_problem_is_named(change, problems):
    with pytest.raises(SpecError) as caught:
        parse_spec({**VALID, **change})

    assert caught.value.problems == problems


def test_missing_required_keys():
    with pytest.raises(SpecError) as caught:
        parse_spec({"name": "x"})

    assert caught.value.problems == ["layers: is required", "tokens: is required"]


def test_the_cli_refuses_a_bad_spec_with_json_on_stderr(tmp_path):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({**VALID, "tokens": "many"}))

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sllm.runner",
            "run",
            str(spec),
            "--out",
            str(tmp_path / "o"),
            "--backend",
            "numpy",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (done.returncode, done.stdout, json.loads(done.stderr)) == (
        2,
        "",
        {
            "error": "invalid_spec",
            "problems": [
                "tokens: must be a list of 1 to 16 token counts",
                "claims[0].tokens: is not one of the spec's token counts",
            ],
        },
    )
    assert not (tmp_path / "o").exists()


def test_a_spec_reads_back_from_its_own_dict():
    spec = parse_spec(VALID)

    assert parse_spec(json.loads(json.dumps(spec.as_dict()))) == spec == parse_spec(spec.as_dict())
