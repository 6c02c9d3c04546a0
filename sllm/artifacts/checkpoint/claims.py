"""Sparsity claims: parsing a claim file and judging it against what the scan measured.

A claim file reads {"global_sparsity": 0.5, "tolerance": 0.005, "tensors": {"<name or glob>":
{"sparsity": 0.7} or {"pattern": "2:4", "dim": -1}}}. A sparsity claim holds when the measured share of
zeros is within the tolerance of the claimed one; an N:M claim holds when at least 1 - tolerance of the
groups comply. A glob claim speaks for every tensor it matches ("each layer is 70 % sparse"), so it holds
only if it holds for each of them, and its measured value is the one furthest from the claim.
"""

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from sllm.runner.safetensors_header import CheckpointError, TensorEntry

DEFAULT_TOLERANCE = 0.005
PATTERN = re.compile(r"^(\d+):(\d+)$")


@dataclass(frozen=True)
class Pattern:
    """An N:M sparsity pattern: at most N nonzeros in every group of M consecutive values."""

    n: int
    m: int

    def __str__(self) -> str:
        return f"{self.n}:{self.m}"


@dataclass(frozen=True)
class TensorClaim:
    selector: str
    sparsity: float | None = None
    pattern: Pattern | None = None
    dim: int = -1

    def matches(self, name: str) -> bool:
        return fnmatchcase(name, self.selector)


@dataclass(frozen=True)
class Claims:
    global_sparsity: float | None
    tolerance: float
    tensors: tuple[TensorClaim, ...]


def _invalid(message: str) -> CheckpointError:
    return CheckpointError("invalid_claim", message)


def _share(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise _invalid(f"{where} must be a number between 0 and 1.")
    return float(value)


def parse_pattern(text) -> Pattern:
    match = PATTERN.match(text) if isinstance(text, str) else None
    if not match or not 0 < int(match[1]) < int(match[2]) <= 64:
        raise _invalid(f"pattern {text!r} must read N:M with 0 < N < M <= 64, such as 2:4.")
    return Pattern(int(match[1]), int(match[2]))


def parse_claims(data) -> Claims:
    if not isinstance(data, dict):
        raise _invalid("The claim file must hold a JSON object.")
    unknown = set(data) - {"global_sparsity", "tolerance", "tensors"}
    if unknown:
        raise _invalid(f"Unknown keys in the claim file: {', '.join(sorted(unknown))}.")
    global_sparsity = data.get("global_sparsity")
    if global_sparsity is not None:
        global_sparsity = _share(global_sparsity, "global_sparsity")
    tolerance = _share(data.get("tolerance", DEFAULT_TOLERANCE), "tolerance")
    tensors = data.get("tensors", {})
    if not isinstance(tensors, dict):
        raise _invalid("tensors must map tensor names or globs to claims.")
    parsed = []
    for selector, claim in tensors.items():
        if not isinstance(claim, dict) or not claim or set(claim) - {"sparsity", "pattern", "dim"}:
            raise _invalid(f"The claim for {selector!r} must hold sparsity, or pattern and dim.")
        dim = claim.get("dim", -1)
        if isinstance(dim, bool) or not isinstance(dim, int):
            raise _invalid(f"dim of {selector!r} must be an integer.")
        if "pattern" not in claim and "dim" in claim:
            raise _invalid(f"dim of {selector!r} only applies to a pattern.")
        parsed.append(
            TensorClaim(
                selector=selector,
                sparsity=_share(claim["sparsity"], f"sparsity of {selector!r}") if "sparsity" in claim else None,
                pattern=parse_pattern(claim["pattern"]) if "pattern" in claim else None,
                dim=dim,
            )
        )
    if global_sparsity is None and not parsed:
        raise _invalid("The claim file claims nothing.")
    return Claims(global_sparsity=global_sparsity, tolerance=tolerance, tensors=tuple(parsed))


def resolve_dim(tensor: TensorEntry, dim: int) -> int | None:
    rank = len(tensor.shape)
    resolved = dim + rank if dim < 0 else dim
    return resolved if 0 <= resolved < rank else None


def pattern_applies(tensor: TensorEntry, pattern: Pattern, dim: int | None) -> bool:
    return dim is not None and tensor.shape[dim] % pattern.m == 0 and tensor.elements > 0


def close_enough(measured: float, claimed: float, tolerance: float) -> bool:
    # The small slack absorbs the binary rounding of values like 0.7 and 0.005.
    return abs(measured - claimed) <= tolerance + 1e-12


def judge(
    claims: Claims,
    *,
    tensors: list[TensorEntry],
    global_sparsity: float,
    sparsity: dict[str, float],
    compliance: dict[tuple[str, Pattern, int], float],
) -> list[dict]:
    """One entry per claim, in the claim file's order: {"claim", "measured", "holds"}."""
    judged = []
    if claims.global_sparsity is not None:
        judged.append(
            {
                "claim": {"global_sparsity": claims.global_sparsity, "tolerance": claims.tolerance},
                "measured": global_sparsity,
                "holds": close_enough(global_sparsity, claims.global_sparsity, claims.tolerance),
            }
        )
    for claim in claims.tensors:
        matched = [t for t in tensors if claim.matches(t.name)]
        if claim.sparsity is not None:
            values = [sparsity[t.name] for t in matched]
            worst = max(values, key=lambda v: abs(v - claim.sparsity), default=None)
            judged.append(
                {
                    "claim": {
                        "tensors": claim.selector,
                        "sparsity": claim.sparsity,
                        "tolerance": claims.tolerance,
                    },
                    "measured": worst,
                    "holds": bool(values) and all(close_enough(v, claim.sparsity, claims.tolerance) for v in values),
                }
            )
        if claim.pattern is not None:
            values = []
            for tensor in matched:
                dim = resolve_dim(tensor, claim.dim)
                applies = pattern_applies(tensor, claim.pattern, dim)
                values.append(compliance[(tensor.name, claim.pattern, dim)] if applies else None)
            known = [v for v in values if v is not None]
            judged.append(
                {
                    "claim": {
                        "tensors": claim.selector,
                        "pattern": str(claim.pattern),
                        "dim": claim.dim,
                        "tolerance": claims.tolerance,
                    },
                    "measured": min(known) if len(known) == len(values) and known else None,
                    "holds": bool(values)
                    and len(known) == len(values)
                    and all(v >= 1 - claims.tolerance - 1e-12 for v in known),
                }
            )
    return judged
