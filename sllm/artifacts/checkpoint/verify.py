"""verify_checkpoint: the one streaming scan of a checkpoint, judged against its claims.

It loads NumPy (through the scan), so only the verification job and `manage.py verify_checkpoint` import it.
"""

import os

from sllm.runner.safetensors_header import Header, read_header

from .claims import Claims, Pattern, judge, pattern_applies, resolve_dim
from .scan import scan_checkpoint

# Reported on every tensor it applies to, whatever the claims say.
REPORTED = Pattern(2, 4)


def _requests(header: Header, claims: Claims | None) -> dict[str, set[tuple[Pattern, int]]]:
    requests: dict[str, set[tuple[Pattern, int]]] = {}
    for tensor in header.tensors:
        wanted = requests.setdefault(tensor.name, set())
        rank = len(tensor.shape)
        if rank >= 2 and pattern_applies(tensor, REPORTED, rank - 1):
            wanted.add((REPORTED, rank - 1))
        for claim in claims.tensors if claims else ():
            if claim.pattern is None or not claim.matches(tensor.name):
                continue
            dim = resolve_dim(tensor, claim.dim)
            if pattern_applies(tensor, claim.pattern, dim):
                wanted.add((claim.pattern, dim))
    return requests


def verify_checkpoint(path: str | os.PathLike, claims: Claims | None = None) -> dict:
    header = read_header(path)
    scanned = scan_checkpoint(path, header, _requests(header, claims))
    tensors, sparsity, compliance = [], {}, {}
    total_zeros = total_elements = 0
    for tensor in header.tensors:
        counts = scanned.counts[tensor.name]
        elements = tensor.elements
        total_zeros += counts.zeros
        total_elements += elements
        sparsity[tensor.name] = counts.zeros / elements if elements else 0.0
        for (pattern, dim), (compliant, groups) in counts.nm.items():
            compliance[(tensor.name, pattern, dim)] = compliant / groups if groups else 1.0
        rank = len(tensor.shape)
        reported = compliance.get((tensor.name, REPORTED, rank - 1)) if rank >= 2 else None
        tensors.append(
            {
                "name": tensor.name,
                "dtype": tensor.dtype,
                "shape": list(tensor.shape),
                "zeros": counts.zeros,
                "sparsity": sparsity[tensor.name],
                "nm": {str(REPORTED): reported} if reported is not None else {},
            }
        )
    global_sparsity = total_zeros / total_elements if total_elements else 0.0
    report = {
        "sha256": scanned.sha256,
        "bytes": header.size,
        "tensors": tensors,
        "global_sparsity": global_sparsity,
        "claims": [],
    }
    if claims is not None:
        report["claims"] = judge(
            claims,
            tensors=list(header.tensors),
            global_sparsity=global_sparsity,
            sparsity=sparsity,
            compliance=compliance,
        )
    return report
