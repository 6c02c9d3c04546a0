"""Writing safetensors files for the tests, including each malformed kind.

bf16 and float8 have no NumPy dtype here, so tensors are given as integer bit patterns of the right
width (a bf16 tensor is a uint16 array); float32/float16/int tensors go in as themselves.
"""

import json
import struct
from pathlib import Path

import numpy as np

BF16_ONE = 0x3F80
BF16_NEG_ZERO = 0x8000
F8_E4M3_ONE = 0x38
F8_NEG_ZERO = 0x80


def header_bytes(entries: dict, *, metadata: dict | None = None) -> bytes:
    header = dict(entries)
    if metadata is not None:
        header["__metadata__"] = metadata
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)  # the reference writer pads to 8 bytes the same way
    return struct.pack("<Q", len(raw)) + raw


def write(path: Path, tensors: dict[str, tuple[str, np.ndarray]], *, metadata: dict | None = None) -> Path:
    """tensors: name -> (safetensors dtype, array of the data, bit patterns for bf16/F8)."""
    entries, blobs, offset = {}, [], 0
    for name, (dtype, array) in tensors.items():
        blob = np.ascontiguousarray(array).tobytes()
        entries[name] = {
            "dtype": dtype,
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(blob)],
        }
        blobs.append(blob)
        offset += len(blob)
    path.write_bytes(header_bytes(entries, metadata=metadata) + b"".join(blobs))
    return path


def write_raw(path: Path, entries: dict, data: bytes) -> Path:
    path.write_bytes(header_bytes(entries) + data)
    return path


def bf16_with_zeros(shape: tuple[int, ...], zero_mask: np.ndarray) -> np.ndarray:
    """bf16 bit patterns: 1.0 where zero_mask is False, +0.0 or -0.0 (alternating) where it is True."""
    values = np.full(shape, BF16_ONE, dtype=np.uint16)
    zeros = np.where(np.arange(values.size).reshape(shape) % 2 == 0, 0, BF16_NEG_ZERO).astype(np.uint16)
    return np.where(zero_mask, zeros, values)


def two_four_mask(rows: int, cols: int, *, axis: int = -1) -> np.ndarray:
    """True (zero) on the 3rd and 4th weight of every group of four along `axis`."""
    if axis in (-1, 1):
        return np.tile(np.array([False, False, True, True]), (rows, cols // 4))
    return two_four_mask(cols, rows).T.copy()
