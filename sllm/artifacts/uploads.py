"""Resumable checkpoint uploads: ranged PUTs (`Content-Range: bytes START-END/TOTAL`) append to a staged
file, so a connection dropped at 90% of 20 GB resumes from the last byte received instead of from zero.

What arrived is flushed chunk by chunk, so it survives the drop; the client asks how much arrived (GET) and
sends the rest. When the last byte is in, the staged file becomes the paper's checkpoint through
`checkpoint_upload`, exactly as a one-shot upload does. The staging folder (UPLOAD_STAGING_DIR) is a disk of
the web host, or a volume all web hosts share when a load balancer may send chunks to different hosts.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from sllm.core.errors import ApplicationError, Conflict
from sllm.submissions.models import Paper

from .services import checkpoint_upload

CHUNK = 1024 * 1024
_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


class _StagedUpload(UploadedFile):
    """The staged file, handed to checkpoint_upload as an upload already on disk (no copy)."""

    def __init__(self, path: Path, size: int):
        super().__init__(path.open("rb"), name="checkpoint.safetensors", size=size)
        self._path = path

    def temporary_file_path(self) -> str:
        return str(self._path)


def parse_content_range(header: str | None) -> tuple[int, int, int]:
    """(start, end, total) of `bytes START-END/TOTAL`, END inclusive; a clear error for anything else."""
    match = _RANGE.match(header or "")
    if match is None:
        raise ApplicationError("Send the header Content-Range: bytes START-END/TOTAL.", code="invalid_range")
    start, end, total = (int(group) for group in match.groups())
    if not start <= end < total:
        raise ApplicationError("Content-Range needs START <= END < TOTAL.", code="invalid_range")
    return start, end, total


def _staged(paper: Paper, total: int) -> Path:
    return Path(settings.UPLOAD_STAGING_DIR) / f"checkpoint-{paper.pk}-{total}.part"


def checkpoint_upload_received(*, paper: Paper, total: int) -> int:
    """How many bytes of a `total`-byte upload of this paper's checkpoint have arrived."""
    path = _staged(paper, total)
    return path.stat().st_size if path.exists() else 0


def checkpoint_chunk_receive(*, paper: Paper, content_range: str | None, length: int | None, stream) -> dict:
    """Append one chunk to the staged upload; store the checkpoint once its last byte arrived."""
    start, end, total = parse_content_range(content_range)
    if total > settings.MAX_CHECKPOINT_BYTES:
        raise ApplicationError(
            f"The checkpoint is {total} bytes; at most {settings.MAX_CHECKPOINT_BYTES} are accepted.",
            code="too_large",
        )
    if length != end - start + 1:
        raise ApplicationError("The body's length must match its Content-Range.", code="invalid_range")
    path = _staged(paper, total)
    received = path.stat().st_size if path.exists() else 0
    if start != received:
        raise Conflict(
            f"{received} bytes arrived so far; send the chunk that starts there.",
            code="wrong_offset",
            extra={"received": received, "total": total},
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as staged:
        left = length
        while left:
            chunk = stream.read(min(CHUNK, left))
            if not chunk:
                break  # the client went away; what arrived stays for the resume
            staged.write(chunk)
            staged.flush()
            left -= len(chunk)
    received = path.stat().st_size
    if received < total:
        return {"received": received, "total": total, "complete": False}
    try:
        with _StagedUpload(path, total) as upload:
            checkpoint_upload(paper=paper, uploaded=upload)
    finally:
        # Stored or refused by content: either way the next upload starts from zero.
        path.unlink(missing_ok=True)
    return {"received": total, "total": total, "complete": True}
