"""One streaming pass over a checkpoint: SHA-256, zeros per tensor and N:M compliance, in constant memory.

The data is memory-mapped a window at a time (each window unmapped before the next), so the resident
memory stays a few windows whatever the file's size. Hashing runs in a second thread while NumPy counts
on the same window: both release the GIL, so the pass costs about as much as hashing alone on two cores.
"""

import hashlib
import mmap
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from math import lcm, prod

import numpy as np

from sllm.runner.safetensors_header import DTYPES, Header, TensorEntry

from .claims import Pattern

WINDOW_BYTES = 8 * 1024 * 1024
UINT = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}
# Adding up M bytes of 0/1 in one multiplication: the top byte of (word * 0x0101...) is their sum.
BYTE_SUM = {2: (np.uint16, 0x0101, 8), 4: (np.uint32, 0x01010101, 24), 8: (np.uint64, 0x0101010101010101, 56)}


@dataclass
class TensorCounts:
    zeros: int = 0
    # (pattern, dim) -> [compliant groups, groups]
    nm: dict[tuple[Pattern, int], list[int]] = field(default_factory=dict)


@dataclass
class ScanResult:
    sha256: str
    counts: dict[str, TensorCounts]


@contextmanager
def _mapped(fileno: int, start: int, length: int) -> Iterator[np.ndarray]:
    """Bytes [start, start + length) of the file as a read-only uint8 array, unmapped on exit."""
    aligned = start - start % mmap.ALLOCATIONGRANULARITY
    flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
    region = mmap.mmap(fileno, length + start - aligned, flags=flags, prot=mmap.PROT_READ, offset=aligned)
    view = np.frombuffer(region, dtype=np.uint8, count=length, offset=start - aligned)
    try:
        yield view
    finally:
        del view
        try:
            region.close()
        except BufferError:
            pass  # an error left a caller holding a view; the mapping goes with that view


def _nonzero_mask(raw: np.ndarray, dtype: str, scratch: np.ndarray) -> np.ndarray:
    """Words that are not zero (a float's sign bit cleared first, so -0.0 is zero), as words."""
    itemsize, sign_mask = DTYPES[dtype]
    words = raw.view(UINT[itemsize])
    if sign_mask is None:
        return words
    # A window larger than the scratch buffer (one group of M spanning a huge inner size) gets its own.
    spare = scratch if scratch.nbytes >= raw.nbytes else np.empty(raw.nbytes, dtype=np.uint8)
    out = spare.view(UINT[itemsize])[: words.size]
    np.bitwise_and(words, UINT[itemsize](sign_mask), out=out)
    return out


def _compliant_groups(nonzero: np.ndarray, pattern: Pattern) -> int:
    """nonzero: bool array whose last axis holds groups of M consecutive weights, flattened to (-1, M)."""
    flags = np.ascontiguousarray(nonzero).reshape(-1, pattern.m)
    if pattern.m in BYTE_SUM:
        word, ones, shift = BYTE_SUM[pattern.m]
        sums = (flags.view(np.uint8).view(word).ravel() * word(ones)) >> word(shift)
    else:
        sums = flags.sum(axis=1, dtype=np.int64)
    return int(np.count_nonzero(sums <= pattern.n))


def _scan_flat(
    raw: np.ndarray, tensor: TensorEntry, counts: TensorCounts, last_dim: list[Pattern], scratch: np.ndarray
) -> None:
    words = _nonzero_mask(raw, tensor.dtype, scratch)
    counts.zeros += words.size - int(np.count_nonzero(words))
    if last_dim:
        nonzero = words != 0
        for pattern in last_dim:
            tally = counts.nm[(pattern, len(tensor.shape) - 1)]
            tally[0] += _compliant_groups(nonzero, pattern)
            tally[1] += words.size // pattern.m


def _scan_other_dim(
    fileno: int, tensor: TensorEntry, dim: int, pattern: Pattern, counts: TensorCounts, scratch: np.ndarray
) -> None:
    """Groups of M along a dimension that is not the last: the tensor seen as (outer, D, inner)."""
    shape = tensor.shape
    outer, size, inner = prod(shape[:dim]), shape[dim], prod(shape[dim + 1 :])
    itemsize = tensor.itemsize
    window_items = WINDOW_BYTES // itemsize
    groups = size // pattern.m
    tally = counts.nm[(pattern, dim)]
    slab = size * inner  # one outer index, contiguous
    if slab <= window_items:
        per = max(1, window_items // slab)
        spans = [(o * slab, min(per, outer - o) * slab) for o in range(0, outer, per)]
    else:
        per = max(1, window_items // (pattern.m * inner))
        step = per * pattern.m * inner
        spans = [(o * slab + g, min(step, slab - g)) for o in range(outer) for g in range(0, slab, step)]
    for first, items in spans:
        with _mapped(fileno, tensor.begin + first * itemsize, items * itemsize) as raw:
            nonzero = _nonzero_mask(raw, tensor.dtype, scratch) != 0
            per_group = nonzero.reshape(-1, pattern.m, inner).sum(axis=1, dtype=np.int64)
            tally[0] += int(np.count_nonzero(per_group <= pattern.n))
            del raw
    tally[1] += outer * groups * inner


def scan_checkpoint(
    path: str | os.PathLike, header: Header, requests: dict[str, set[tuple[Pattern, int]]]
) -> ScanResult:
    """requests: tensor name -> {(pattern, non-negative dim)} whose compliance is wanted."""
    hasher = hashlib.sha256()
    counts = {t.name: TensorCounts() for t in header.tensors}
    scratch = np.empty(WINDOW_BYTES, dtype=np.uint8)
    with open(path, "rb") as handle, ThreadPoolExecutor(max_workers=1) as hashing:
        hasher.update(handle.read(header.data_start))
        fileno = handle.fileno()
        for tensor in header.tensors:
            wanted = requests.get(tensor.name, set())
            for key in wanted:
                counts[tensor.name].nm[key] = [0, 0]
            last = len(tensor.shape) - 1
            last_dim = sorted({p for p, d in wanted if d == last}, key=str)
            # Windows hold whole groups, so a group of M along the last axis never straddles two windows.
            unit = tensor.itemsize * lcm(1, *(p.m for p in last_dim))
            step = max(unit, WINDOW_BYTES - WINDOW_BYTES % unit)
            for offset in range(tensor.begin, tensor.end, step):
                length = min(step, tensor.end - offset)
                with _mapped(fileno, offset, length) as raw:
                    shared = memoryview(raw)
                    hashed = hashing.submit(hasher.update, shared)
                    _scan_flat(raw, tensor, counts[tensor.name], last_dim, scratch)
                    hashed.result()
                    shared.release()
                    del raw
            for pattern, dim in sorted(wanted, key=str):
                if dim != last:
                    _scan_other_dim(fileno, tensor, dim, pattern, counts[tensor.name], scratch)
    return ScanResult(sha256=hasher.hexdigest(), counts=counts)
