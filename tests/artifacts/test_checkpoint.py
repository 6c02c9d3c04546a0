"""Checkpoint verification on generated safetensors files: the report, the claims, each malformed kind."""

import hashlib
import struct

import numpy as np
import pytest
import safetensors.numpy
from hypothesis import given, settings
from hypothesis import strategies as st

from sllm.artifacts.checkpoint import CheckpointError, parse_claims, scan
from sllm.artifacts.checkpoint.verify import verify_checkpoint

from .safetensors_files import (
    F8_E4M3_ONE,
    F8_NEG_ZERO,
    bf16_with_zeros,
    header_bytes,
    two_four_mask,
    write,
    write_raw,
)


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_of_a_bf16_two_four_checkpoint(tmp_path):
    weight = bf16_with_zeros((8, 16), two_four_mask(8, 16))
    bias = np.array([0.0, -0.0, 1.5, 2.0], dtype=np.float32)
    path = write(tmp_path / "m.safetensors", {"layer.weight": ("BF16", weight), "layer.bias": ("F32", bias)})

    report = verify_checkpoint(path)

    assert report == {
        "sha256": sha(path),
        "bytes": path.stat().st_size,
        "tensors": [
            {
                "name": "layer.weight",
                "dtype": "BF16",
                "shape": [8, 16],
                "zeros": 64,
                "sparsity": 0.5,
                "nm": {"2:4": 1.0},
            },
            {"name": "layer.bias", "dtype": "F32", "shape": [4], "zeros": 2, "sparsity": 0.5, "nm": {}},
        ],
        "global_sparsity": 66 / 132,
        "claims": [],
    }


def test_nm_is_reported_only_where_the_last_dimension_is_a_multiple_of_four(tmp_path):
    path = write(
        tmp_path / "m.safetensors",
        {
            "odd": ("F16", np.ones((4, 6), dtype=np.float16)),
            "three_d": ("F16", np.ones((2, 3, 8), dtype=np.float16)),
        },
    )

    tensors = verify_checkpoint(path)["tensors"]

    assert [t["nm"] for t in tensors] == [{}, {"2:4": 0.0}]


def test_float8_and_integer_zeros_count_by_value(tmp_path):
    f8 = np.array([0, F8_NEG_ZERO, F8_E4M3_ONE, F8_E4M3_ONE], dtype=np.uint8).reshape(1, 4)
    ints = np.array([[0, -1, 0, 7]], dtype=np.int64)
    flags = np.array([[True, False, False, False]])
    path = write(
        tmp_path / "m.safetensors",
        {
            "f8": ("F8_E4M3", f8),
            "e5": ("F8_E5M2", f8),
            "i": ("I64", ints),
            "flags": ("BOOL", flags),
        },
    )

    tensors = verify_checkpoint(path)["tensors"]

    assert [(t["name"], t["zeros"], t["nm"]) for t in tensors] == [
        ("f8", 2, {"2:4": 1.0}),
        ("e5", 2, {"2:4": 1.0}),
        ("i", 2, {"2:4": 1.0}),
        ("flags", 3, {"2:4": 1.0}),
    ]


def test_files_written_by_the_reference_library_verify(tmp_path):
    rng = np.random.default_rng(1)
    weight = rng.standard_normal((16, 32)).astype(np.float32)
    weight[:, ::2] = 0
    path = tmp_path / "ref.safetensors"
    safetensors.numpy.save_file({"b": np.zeros(3, np.int32), "a": weight}, str(path), metadata={"x": "y"})

    report = verify_checkpoint(path)

    assert report["sha256"] == sha(path)
    assert sorted((t["name"], t["zeros"], t["nm"].get("2:4")) for t in report["tensors"]) == [
        ("a", 256, 1.0),
        ("b", 3, None),
    ]


def test_claims_global_per_tensor_glob_and_nm_along_a_stated_dim(tmp_path):
    weights = {
        f"layers.{i}.mlp.weight": ("BF16", bf16_with_zeros((8, 16), two_four_mask(8, 16, axis=0))) for i in range(2)
    }
    weights["embed"] = ("BF16", bf16_with_zeros((4, 16), np.zeros((4, 16), dtype=bool)))
    path = write(tmp_path / "m.safetensors", weights)
    claims = parse_claims(
        {
            "global_sparsity": 0.4,
            "tolerance": 0.005,
            "tensors": {
                "layers.*.mlp.weight": {"pattern": "2:4", "dim": 0},
                "layers.*": {"sparsity": 0.5},
                "layers.1.mlp.weight": {"pattern": "2:4"},
                "embed": {"sparsity": 0.5},
                "missing.*": {"sparsity": 0.5},
            },
        }
    )

    report = verify_checkpoint(path, claims)

    assert report["global_sparsity"] == 128 / 320
    assert report["claims"] == [
        {"claim": {"global_sparsity": 0.4, "tolerance": 0.005}, "measured": 0.4, "holds": True},
        {
            "claim": {"tensors": "layers.*.mlp.weight", "pattern": "2:4", "dim": 0, "tolerance": 0.005},
            "measured": 1.0,
            "holds": True,
        },
        {
            "claim": {"tensors": "layers.*", "sparsity": 0.5, "tolerance": 0.005},
            "measured": 0.5,
            "holds": True,
        },
        # Along the last dimension every group of four holds two zeros only in half the rows.
        {
            "claim": {"tensors": "layers.1.mlp.weight", "pattern": "2:4", "dim": -1, "tolerance": 0.005},
            "measured": 0.5,
            "holds": False,
        },
        {"claim": {"tensors": "embed", "sparsity": 0.5, "tolerance": 0.005}, "measured": 0.0, "holds": False},
        {
            "claim": {"tensors": "missing.*", "sparsity": 0.5, "tolerance": 0.005},
            "measured": None,
            "holds": False,
        },
    ]


def test_a_glob_claim_holds_only_if_it_holds_for_every_tensor(tmp_path):
    path = write(
        tmp_path / "m.safetensors",
        {
            "a": ("F32", np.array([0, 0, 1, 1], dtype=np.float32)),
            "b": ("F32", np.array([0, 0, 0, 1], dtype=np.float32)),
        },
    )

    report = verify_checkpoint(path, parse_claims({"tolerance": 0.1, "tensors": {"*": {"sparsity": 0.5}}}))

    assert report["claims"] == [
        {"claim": {"tensors": "*", "sparsity": 0.5, "tolerance": 0.1}, "measured": 0.75, "holds": False},
    ]


def test_a_pattern_claim_on_a_dimension_that_does_not_divide_fails(tmp_path):
    path = write(tmp_path / "m.safetensors", {"w": ("F32", np.zeros((6, 8), dtype=np.float32))})

    report = verify_checkpoint(path, parse_claims({"tensors": {"w": {"pattern": "2:4", "dim": 0}}}))

    assert report["claims"] == [
        {
            "claim": {"tensors": "w", "pattern": "2:4", "dim": 0, "tolerance": 0.005},
            "measured": None,
            "holds": False,
        },
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "The claim file must hold a JSON object."),
        ({}, "The claim file claims nothing."),
        ({"global_sparsity": 1.5}, "global_sparsity must be a number between 0 and 1."),
        ({"global_sparsity": 0.5, "tolerance": "a"}, "tolerance must be a number between 0 and 1."),
        (
            {"tensors": {"w": {"pattern": "4:2"}}},
            "pattern '4:2' must read N:M with 0 < N < M <= 64, such as 2:4.",
        ),
        ({"tensors": {"w": {"pattern": "2:4", "dim": "last"}}}, "dim of 'w' must be an integer."),
        ({"tensors": {"w": {"sparsity": 0.5, "dim": 1}}}, "dim of 'w' only applies to a pattern."),
        ({"tensors": {"w": {"density": 0.5}}}, "The claim for 'w' must hold sparsity, or pattern and dim."),
        ({"sparsity": 0.5}, "Unknown keys in the claim file: sparsity."),
    ],
)
def test_malformed_claims_are_refused(data, message):
    with pytest.raises(CheckpointError) as caught:
        parse_claims(data)

    assert (caught.value.code, caught.value.message) == ("invalid_claim", message)


def _entry(dtype="F32", shape=(2,), offsets=(0, 8)):
    return {"dtype": dtype, "shape": list(shape), "data_offsets": list(offsets)}


MALFORMED = {
    "text file": (lambda p: p.write_bytes(b"this is not a checkpoint at all\n"), "not_safetensors"),
    "pickle": (
        lambda p: p.write_bytes(b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}\x94."),
        "not_safetensors",
    ),
    "torch zip": (lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 60), "not_safetensors"),
    "shorter than eight bytes": (lambda p: p.write_bytes(b"\x05\x00"), "not_safetensors"),
    "header not json": (lambda p: p.write_bytes(struct.pack("<Q", 4) + b"{abc"), "not_safetensors"),
    "header a list": (lambda p: p.write_bytes(struct.pack("<Q", 2) + b"[]"), "not_safetensors"),
    "entry without offsets": (
        lambda p: write_raw(p, {"w": {"dtype": "F32", "shape": [1]}}, b"\0" * 4),
        "not_safetensors",
    ),
    "huge header": (lambda p: p.write_bytes(struct.pack("<Q", 2**40) + b'{"w": {}}'), "header_too_large"),
    "header over the limit": (
        lambda p: p.write_bytes(struct.pack("<Q", 100_000_001) + b"{}"),
        "header_too_large",
    ),
    "overlap": (
        lambda p: write_raw(p, {"a": _entry(offsets=(0, 8)), "b": _entry(offsets=(4, 12))}, b"\0" * 12),
        "bad_offsets",
    ),
    "gap": (
        lambda p: write_raw(p, {"a": _entry(offsets=(0, 8)), "b": _entry(offsets=(12, 20))}, b"\0" * 20),
        "bad_offsets",
    ),
    "size does not match shape": (
        lambda p: write_raw(p, {"a": _entry(shape=(3,), offsets=(0, 8))}, b"\0" * 8),
        "bad_offsets",
    ),
    "begin after end": (lambda p: write_raw(p, {"a": _entry(offsets=(8, 0))}, b"\0" * 8), "bad_offsets"),
    "negative shape": (lambda p: write_raw(p, {"a": _entry(shape=(-2,))}, b"\0" * 8), "bad_offsets"),
    "bytes after the last tensor": (lambda p: write_raw(p, {"a": _entry()}, b"\0" * 12), "bad_offsets"),
    "data cut short": (
        lambda p: write_raw(p, {"a": _entry(shape=(4,), offsets=(0, 16))}, b"\0" * 10),
        "truncated",
    ),
    "header cut short": (lambda p: p.write_bytes(header_bytes({"a": _entry()})[:20]), "truncated"),
    "four-bit floats": (
        lambda p: write_raw(p, {"a": _entry(dtype="F4", offsets=(0, 1), shape=(2,))}, b"\0"),
        "unsupported_dtype",
    ),
    "complex": (
        lambda p: write_raw(p, {"a": _entry(dtype="C64", shape=(1,))}, b"\0" * 8),
        "unsupported_dtype",
    ),
}


@pytest.mark.parametrize("kind", MALFORMED)
def test_each_malformed_kind_has_its_error_code(tmp_path, kind):
    make, code = MALFORMED[kind]
    path = tmp_path / "bad.safetensors"
    make(path)

    with pytest.raises(CheckpointError) as caught:
        verify_checkpoint(path)

    assert caught.value.code == code


def test_a_truncated_real_checkpoint_is_truncated(tmp_path):
    path = write(tmp_path / "m.safetensors", {"w": ("F32", np.ones((64, 64), dtype=np.float32))})
    path.write_bytes(path.read_bytes()[:-100])

    with pytest.raises(CheckpointError) as caught:
        verify_checkpoint(path)

    assert (caught.value.code, caught.value.message) == (
        "truncated",
        "The tensors need 16384 bytes of data but the file holds 16284.",
    )


def _naive_compliance(array: np.ndarray, n: int, m: int, dim: int) -> float:
    moved = np.moveaxis(array != 0, dim, -1)
    groups = moved.reshape(*moved.shape[:-1], moved.shape[-1] // m, m).sum(axis=-1)
    return float(np.mean(groups <= n))


shapes = st.lists(st.integers(1, 6), min_size=2, max_size=3).map(lambda s: [*s[:-1], 4 * s[-1]])


@settings(max_examples=60, deadline=None)
@given(
    shape=shapes,
    density=st.floats(0, 1),
    seed=st.integers(0, 2**16),
    window=st.sampled_from([8, 24, 64, 4096]),
    dim_choice=st.integers(0, 2),
)
def test_scan_matches_a_naive_count_for_any_window_size(tmp_path_factory, shape, density, seed, window, dim_choice):
    rng = np.random.default_rng(seed)
    values = rng.standard_normal(shape).astype(np.float32)
    values[rng.random(shape) >= density] = 0.0
    dim = dim_choice % len(shape)
    m = 4 if shape[dim] % 4 == 0 else 1
    path = write(tmp_path_factory.mktemp("h") / "m.safetensors", {"w": ("F32", values)})
    claims = parse_claims({"tensors": {"w": {"pattern": f"1:{m}", "dim": dim}}}) if m > 1 else None
    original = scan.WINDOW_BYTES
    scan.WINDOW_BYTES = window
    try:
        report = verify_checkpoint(path, claims)
    finally:
        scan.WINDOW_BYTES = original

    zeros = int(np.sum(values == 0))
    assert report["sha256"] == sha(path)
    assert report["tensors"][0]["zeros"] == zeros
    assert report["tensors"][0]["sparsity"] == zeros / values.size
    assert report["tensors"][0]["nm"] == {"2:4": _naive_compliance(values, 2, 4, -1)}
    if claims:
        assert report["claims"][0]["measured"] == _naive_compliance(values, 1, 4, dim)
