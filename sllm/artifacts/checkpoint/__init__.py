"""Checkpoint verification: header sanity, SHA-256, sparsity, N:M compliance and claims (no Django).

verify_checkpoint(path, claims) (in `.verify`, which loads NumPy: only the verification job and the command
import it) returns the report that `manage.py verify_checkpoint` prints:
{"sha256", "bytes", "tensors": [{"name", "dtype", "shape", "zeros", "sparsity", "nm": {"2:4": share}}],
"global_sparsity", "claims": [{"claim", "measured", "holds"}]}. A malformed file raises CheckpointError.
"""

from sllm.runner.safetensors_header import CheckpointError, Header, foreign_format, read_header

from .claims import Claims, parse_claims

__all__ = [
    "CheckpointError",
    "Claims",
    "Header",
    "foreign_format",
    "parse_claims",
    "read_header",
]
