"""`manage.py verify_checkpoint FILE [--claim CLAIM.json]`: JSON out, JSON errors on stderr, exit status."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from .safetensors_files import bf16_with_zeros, two_four_mask, write

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkpoint(tmp_path):
    return write(tmp_path / "m.safetensors", {"w": ("BF16", bf16_with_zeros((4, 8), two_four_mask(4, 8)))})


def test_prints_the_report_with_claims(checkpoint, tmp_path, capsys):
    claim = tmp_path / "claim.json"
    claim.write_text(json.dumps({"global_sparsity": 0.5, "tensors": {"w": {"pattern": "2:4", "dim": -1}}}))

    call_command("verify_checkpoint", str(checkpoint), "--claim", str(claim))

    report = json.loads(capsys.readouterr().out)
    assert report["tensors"] == [
        {"name": "w", "dtype": "BF16", "shape": [4, 8], "zeros": 16, "sparsity": 0.5, "nm": {"2:4": 1.0}}
    ]
    assert [c["holds"] for c in report["claims"]] == [True, True]


@pytest.mark.parametrize(
    ("claim_text", "error"),
    [
        ("{not json", "invalid_claim"),
        ('{"global_sparsity": 2}', "invalid_claim"),
    ],
)
def test_a_bad_claim_file_is_a_json_error(checkpoint, tmp_path, capsys, claim_text, error):
    claim = tmp_path / "claim.json"
    claim.write_text(claim_text)

    with pytest.raises(SystemExit) as exited:
        call_command("verify_checkpoint", str(checkpoint), "--claim", str(claim))

    captured = capsys.readouterr()
    assert (exited.value.code, captured.out, json.loads(captured.err)["error"]) == (1, "", error)


def test_a_missing_file_is_a_json_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("verify_checkpoint", str(tmp_path / "nope.safetensors"))

    assert (exited.value.code, json.loads(capsys.readouterr().err)) == (
        1,
        {
            "error": "not_found",
            "message": f"Cannot read {tmp_path / 'nope.safetensors'}: No such file or directory.",
        },
    )


def test_the_real_command_exits_non_zero_with_json_on_stderr(tmp_path):
    bad = tmp_path / "model.pt"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 100)

    done = subprocess.run(
        [sys.executable, "manage.py", "verify_checkpoint", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (done.returncode, done.stdout, json.loads(done.stderr)) == (
        1,
        "",
        {
            "error": "not_safetensors",
            "message": "This is a zip archive (PyTorch .pt/.bin, which holds a pickle), not a safetensors file.",
        },
    )


def test_the_real_command_prints_json_on_stdout(tmp_path):
    path = write(tmp_path / "m.safetensors", {"x": ("F32", np.zeros((2, 4), dtype=np.float32))})

    done = subprocess.run(
        [sys.executable, "manage.py", "verify_checkpoint", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["tensors"] == [
        {"name": "x", "dtype": "F32", "shape": [2, 4], "zeros": 8, "sparsity": 1.0, "nm": {"2:4": 1.0}}
    ]
