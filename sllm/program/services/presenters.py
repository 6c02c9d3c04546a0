"""Presenters' uploads: poster and slides PDFs (judged by content) and recording links."""

import tempfile
from pathlib import Path
from urllib.parse import urlparse

from django.db import transaction

from sllm.core.errors import ApplicationError
from sllm.core.sitecache import site_cache_bump
from sllm.core.storage import atomic_with_files
from sllm.submissions.models import Paper, PaperFile
from sllm.submissions.services import paper_file_store, pdf_check_upload

from ..models import Recording
from ..thumbnails import poster_thumbnail_render

PRESENTER_KINDS = (PaperFile.Kind.POSTER, PaperFile.Kind.SLIDES)


def _require_accepted(paper: Paper) -> None:
    if paper.status != Paper.Status.ACCEPTED:
        raise ApplicationError("Posters, slides and recordings are for accepted papers.", code="not_accepted")


def presenter_materials_save(*, paper: Paper, uploads: dict, recording_url: str | None = None) -> list[PaperFile]:
    """Stores a poster and/or slides (each judged by its content) and the recording link, all or nothing."""
    _require_accepted(paper)
    if any(kind not in PRESENTER_KINDS for kind in uploads):
        raise ApplicationError("Upload a poster or slides.", code="invalid_kind")
    url = _validate_url(recording_url) if recording_url else recording_url
    with tempfile.TemporaryDirectory() as directory:
        checked = []
        for kind, upload in uploads.items():
            folder = Path(directory) / kind
            folder.mkdir()
            # Posters and slides have no page limit; the check still refuses anything but a clean PDF.
            checked.append((kind, *pdf_check_upload(upload=upload, directory=folder, limit=None)))
        with atomic_with_files():
            stored = [
                paper_file_store(paper=paper, kind=kind, path=path, report=report) for kind, path, report in checked
            ]
            if recording_url is not None:
                recording_set(edition=paper.edition, paper=paper, url=url)
            transaction.on_commit(lambda: site_cache_bump(paper.edition))
    for paper_file in stored:
        if paper_file.kind == PaperFile.Kind.POSTER:
            # Here, on the author's upload, never on a visitor's request (program.thumbnails).
            poster_thumbnail_render(paper_file)
    return stored


def _validate_url(url: str) -> str:
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme != "https" or not parsed.netloc or len(url) > 500 or any(c.isspace() for c in url):
        raise ApplicationError("Give the recording as an https:// link of at most 500 characters.", code="invalid_url")
    return url


@transaction.atomic
def recording_set(*, edition, url: str, paper: Paper | None = None, slot=None) -> Recording | None:
    """Sets (or, with an empty url, removes) the recording of a paper or a program slot."""
    if paper is not None:
        _require_accepted(paper)
    target = {"paper": paper} if paper is not None else {"slot": slot}
    transaction.on_commit(lambda: site_cache_bump(edition))
    if not url.strip():
        Recording.objects.filter(edition=edition, **target).delete()
        return None
    recording, _ = Recording.objects.update_or_create(
        edition=edition, **target, defaults={"url": _validate_url(url), "published": True}
    )
    return recording
