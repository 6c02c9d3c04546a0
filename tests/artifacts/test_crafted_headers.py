"""Crafted safetensors headers are refused in bounded time, each with its documented error code.

The attack: an author uploads a small "checkpoint" whose header lists a tensor with a hundred thousand
dimensions of 2**62 (Python multiplied them all: a product of millions of bits, minutes of a worker's
CPU per upload), or nests JSON deeply enough to exhaust the parser's stack (an unhandled RecursionError).
Each case runs in a child process with a deadline, so the old code fails the test instead of hanging it.
"""

import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_S = 10


def _crafted(path: Path, header: bytes, data: bytes = b"") -> Path:
    path.write_bytes(struct.pack("<Q", len(header)) + header + data)
    return path


def _verify_in_child(path: Path) -> dict:
    code = (
        "import json, sys\n"
        "from sllm.artifacts.checkpoint import CheckpointError\n"
        "from sllm.artifacts.checkpoint.verify import verify_checkpoint\n"
        "try:\n"
        "    verify_checkpoint(sys.argv[1])\n"
        "    print(json.dumps({'error': None}))\n"
        "except CheckpointError as exc:\n"
        "    print(json.dumps(exc.as_dict()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.stderr == ""
    return json.loads(done.stdout)


def test_a_hundred_thousand_huge_dimensions_are_refused_at_once(tmp_path):
    shape = [2**62] * 100_000
    header = json.dumps({"w": {"dtype": "F32", "shape": shape, "data_offsets": [0, 4]}}).encode()

    refusal = _verify_in_child(_crafted(tmp_path / "dims.safetensors", header, b"\0" * 4))

    assert refusal == {
        "error": "bad_offsets",
        "message": "Tensor 'w' has a shape that is not a list of at most 64 sizes.",
    }


def test_a_few_huge_dimensions_are_refused_without_multiplying_them_out(tmp_path):
    header = json.dumps({"w": {"dtype": "F32", "shape": [10**300] * 64, "data_offsets": [0, 4]}}).encode()

    refusal = _verify_in_child(_crafted(tmp_path / "big.safetensors", header, b"\0" * 4))

    assert refusal == {
        "error": "bad_offsets",
        "message": "Tensor 'w' spans 4 bytes, but F32 of shape "
        f"[{', '.join([str(10**300)] * 4)}, ... 64 dimensions] needs more.",
    }


@pytest.mark.parametrize("where", ["top", "metadata", "tensor"])
def test_deeply_nested_json_is_refused(tmp_path, where):
    deep = "[" * 200_000 + "]" * 200_000
    header = {
        "top": deep,
        "metadata": '{"__metadata__": {"x": ' + deep + "}}",
        "tensor": '{"w": {"dtype": "F32", "shape": ' + deep + ', "data_offsets": [0, 4]}}',
    }[where].encode()

    refusal = _verify_in_child(_crafted(tmp_path / "deep.safetensors", header, b"\0" * 4))

    assert refusal == {"error": "not_safetensors", "message": "The header nests JSON too deeply."}


def test_metadata_must_be_strings(tmp_path):
    header = json.dumps({"__metadata__": {"x": {"y": 1}}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}})

    refusal = _verify_in_child(_crafted(tmp_path / "meta.safetensors", header.encode(), b"\0" * 4))

    assert refusal == {"error": "not_safetensors", "message": "__metadata__ is not an object of strings."}


def test_a_zero_dimension_after_a_huge_one_is_an_empty_tensor(tmp_path):
    header = json.dumps({"w": {"dtype": "F32", "shape": [10**30, 0], "data_offsets": [0, 0]}}).encode()

    assert _verify_in_child(_crafted(tmp_path / "empty.safetensors", header)) == {"error": None}
