"""Plain helpers over files on disk, shared by the submission upload and the proceedings build."""

import hashlib
from pathlib import Path


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file, read in blocks: papers and volumes may be larger than memory allows."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
