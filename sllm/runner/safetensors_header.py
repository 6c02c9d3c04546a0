"""Reading and checking a safetensors header without trusting it.

The format: 8 bytes, a little-endian unsigned length N; N bytes of a UTF-8 JSON object mapping tensor
names to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the end of the header),
plus an optional "__metadata__" of strings; then the data. Nothing here imports Django or torch: the
GPU runner reads a checkpoint's tensors with it, and the platform's verification (artifacts) builds on it.
"""

import json
import os
import struct
from dataclasses import dataclass
from math import prod

# The reference implementation refuses headers above 100 MB; so do we, before reading them.
MAX_HEADER_BYTES = 100_000_000
# A crafted header must cost bounded time: a million dimensions of 2**62 each make a product with tens of
# millions of bits (minutes of big-integer arithmetic), and deep nesting exhausts the JSON parser's stack.
MAX_RANK = 64

# Element sizes, and the bit mask that clears a float's sign bit so that -0.0 counts as zero.
DTYPES: dict[str, tuple[int, int | None]] = {
    "F64": (8, 0x7FFF_FFFF_FFFF_FFFF),
    "F32": (4, 0x7FFF_FFFF),
    "F16": (2, 0x7FFF),
    "BF16": (2, 0x7FFF),
    "F8_E4M3": (1, 0x7F),
    "F8_E5M2": (1, 0x7F),
    "I64": (8, None),
    "I32": (4, None),
    "I16": (2, None),
    "I8": (1, None),
    "U64": (8, None),
    "U32": (4, None),
    "U16": (2, None),
    "U8": (1, None),
    "BOOL": (1, None),
}

# Leading bytes of formats that people rename to .safetensors by mistake; pickles run code when loaded.
FOREIGN_MAGIC = {
    b"PK\x03\x04": "a zip archive (PyTorch .pt/.bin, which holds a pickle)",
    b"\x80\x02": "a Python pickle",
    b"\x80\x03": "a Python pickle",
    b"\x80\x04": "a Python pickle",
    b"\x80\x05": "a Python pickle",
    b"\x93NUMPY": "a NumPy .npy file",
    b"GGUF": "a GGUF file",
    b"\x89HDF": "an HDF5 file",
}


class CheckpointError(Exception):
    """A file that is not a sane safetensors file; `code` is one of the documented error codes."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def as_dict(self) -> dict:
        return {"error": self.code, "message": self.message}


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: str
    shape: tuple[int, ...]
    begin: int  # absolute byte offsets in the file
    end: int

    @property
    def itemsize(self) -> int:
        return DTYPES[self.dtype][0]

    @property
    def elements(self) -> int:
        return prod(self.shape)


@dataclass(frozen=True)
class Header:
    size: int  # the whole file, in bytes
    header_bytes: int  # N, the length of the JSON
    data_start: int  # 8 + N
    tensors: tuple[TensorEntry, ...]  # in the order of their data
    metadata: dict


def foreign_format(prefix: bytes) -> str | None:
    for magic, what in FOREIGN_MAGIC.items():
        if prefix.startswith(magic):
            return what
    return None


def _looks_like_text(raw: bytes) -> bool:
    return all(32 <= b < 127 or b in (9, 10, 13) for b in raw)


def read_header(path: str | os.PathLike) -> Header:
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        prefix = handle.read(9)
        what = foreign_format(prefix)
        if what:
            raise CheckpointError("not_safetensors", f"This is {what}, not a safetensors file.")
        if len(prefix) < 8:
            raise CheckpointError("not_safetensors", "The file is shorter than the 8-byte header length.")
        (length,) = struct.unpack("<Q", prefix[:8])
        follows_brace = len(prefix) == 8 or prefix[8:9] == b"{"
        if length > MAX_HEADER_BYTES:
            # A text file's first eight bytes also read as a huge length: that is not a safetensors file.
            if _looks_like_text(prefix[:8]) or not follows_brace:
                raise CheckpointError("not_safetensors", "The file does not start with a safetensors header.")
            raise CheckpointError(
                "header_too_large",
                f"The header claims {length} bytes; at most {MAX_HEADER_BYTES} are accepted.",
            )
        if 8 + length > size:
            if not follows_brace:
                raise CheckpointError("not_safetensors", "The file does not start with a safetensors header.")
            raise CheckpointError("truncated", f"The header needs {length} bytes but the file ends after {size - 8}.")
        handle.seek(8)
        raw = handle.read(length)
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CheckpointError("not_safetensors", f"The header is not UTF-8 JSON ({exc}).") from None
    except RecursionError:
        # Only nesting far deeper than a header's two levels gets here; refused before any other work.
        raise CheckpointError("not_safetensors", "The header nests JSON too deeply.") from None
    if not isinstance(parsed, dict):
        raise CheckpointError("not_safetensors", "The header is not a JSON object.")
    return _check_entries(parsed, size=size, length=length)


def _entry(name: str, value) -> tuple[str, tuple[int, ...], int, int]:
    if not isinstance(value, dict) or not {"dtype", "shape", "data_offsets"} <= value.keys():
        raise CheckpointError("not_safetensors", f"Tensor {name!r} lacks dtype, shape or data_offsets.")
    dtype, shape, offsets = value["dtype"], value["shape"], value["data_offsets"]
    if not isinstance(dtype, str):
        raise CheckpointError("not_safetensors", f"Tensor {name!r} has a dtype that is not a string.")
    if dtype not in DTYPES:
        raise CheckpointError(
            "unsupported_dtype", f"Tensor {name!r} has dtype {dtype}; supported: {', '.join(DTYPES)}."
        )
    if not isinstance(shape, list) or len(shape) > MAX_RANK or not all(type(d) is int and d >= 0 for d in shape):
        raise CheckpointError(
            "bad_offsets", f"Tensor {name!r} has a shape that is not a list of at most {MAX_RANK} sizes."
        )
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(type(o) is int and o >= 0 for o in offsets)
        or offsets[0] > offsets[1]
    ):
        raise CheckpointError("bad_offsets", f"Tensor {name!r} has data_offsets that are not [begin, end].")
    span = offsets[1] - offsets[0]
    # Multiplied up only while it can still match the span, so no dimension makes the product huge.
    expected = DTYPES[dtype][0]
    for dimension in shape:
        expected *= dimension
        if expected > span:
            break
    if 0 in shape:
        expected = 0
    if span != expected:
        raise CheckpointError(
            "bad_offsets",
            f"Tensor {name!r} spans {span} bytes, but {dtype} of shape {_shape_text(shape)} needs "
            f"{'more' if expected > span else expected}.",
        )
    return dtype, tuple(shape), offsets[0], offsets[1]


def _shape_text(shape: list) -> str:
    return str(shape) if len(shape) <= 8 else f"[{', '.join(map(str, shape[:4]))}, ... {len(shape)} dimensions]"


def _check_entries(parsed: dict, *, size: int, length: int) -> Header:
    metadata = parsed.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict) or not all(isinstance(value, str) for value in metadata.values()):
        raise CheckpointError("not_safetensors", "__metadata__ is not an object of strings.")
    entries = [(name, *_entry(name, value)) for name, value in parsed.items()]
    entries.sort(key=lambda e: (e[3], e[4]))
    cursor = 0
    for name, _dtype, _shape, begin, end in entries:
        if begin < cursor:
            raise CheckpointError("bad_offsets", f"Tensor {name!r} overlaps the tensor before it.")
        if begin > cursor:
            raise CheckpointError("bad_offsets", f"Bytes {cursor}..{begin} before tensor {name!r} hold no tensor.")
        cursor = end
    data_bytes = size - 8 - length
    if cursor > data_bytes:
        raise CheckpointError("truncated", f"The tensors need {cursor} bytes of data but the file holds {data_bytes}.")
    if cursor < data_bytes:
        raise CheckpointError("bad_offsets", f"{data_bytes - cursor} bytes after the last tensor belong to no tensor.")
    start = 8 + length
    tensors = tuple(
        TensorEntry(name, dtype, shape, start + begin, start + end) for name, dtype, shape, begin, end in entries
    )
    return Header(size=size, header_bytes=length, data_start=start, tensors=tensors, metadata=metadata)
