"""The authors' camera-ready: the final PDF, title, authors and the publication terms."""

import tempfile
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from sllm.core.errors import ApplicationError, Conflict, Forbidden
from sllm.core.storage import atomic_with_files
from sllm.submissions.models import Paper, PaperFile
from sllm.submissions.services import paper_authors_error, paper_file_store, paper_title_error, pdf_check_upload

from ..models import CameraReady
from ..selectors import camera_ready_limit, volume_settings

WRONG_SIZES_SHOWN = 3


def _validate_final(*, title: str, authors: list[dict], accept_terms: bool) -> None:
    errors = {}
    if title_error := paper_title_error(title=title):
        errors["title"] = title_error
    if authors_error := paper_authors_error(authors=authors):
        errors["authors"] = authors_error
    if not accept_terms:
        errors["accept_terms"] = "The publication terms must be accepted."
    if errors:
        raise ApplicationError(
            "The camera-ready has errors: " + " ".join(errors.values()), code="invalid", extra={"fields": errors}
        )


def _check_final_pdf(path: Path, *, page_size: str) -> None:
    """Refuse what the volume could not print: missing fonts or another page size."""
    from .. import pdf  # noqa: PLC0415 -- pikepdf loads with a camera-ready upload, not at a worker's start

    with pdf.open_pdf(path) as document:
        fonts = pdf.unembedded_fonts(document)
        wrong = pdf.wrong_size_pages(document, page_size)
    if fonts:
        raise ApplicationError(
            f"Fonts not embedded: {', '.join(fonts)}. Embed all fonts and upload again.", code="fonts_not_embedded"
        )
    if wrong:
        raise ApplicationError(size_reason(wrong, page_size), code="page_size")


def size_reason(wrong: list[tuple[int, str]], page_size: str) -> str:
    shown = ", ".join(f"page {number} is {size}" for number, size in wrong[:WRONG_SIZES_SHOWN])
    more = f" and {len(wrong) - WRONG_SIZES_SHOWN} more" if len(wrong) > WRONG_SIZES_SHOWN else ""
    return f"Wrong page size: {shown}{more}; the volume is printed on {page_size}."


def camera_ready_submit(
    *,
    paper: Paper,
    user,
    title: str,
    authors: list[dict],
    pdf_upload: UploadedFile | None,
    accept_terms: bool,
    in_volume: bool = True,
) -> CameraReady:
    """Store the final PDF (when given) and the confirmed title, authors and terms, all or nothing."""
    if paper.status != Paper.Status.ACCEPTED:
        raise Conflict("Only accepted papers have a camera-ready version.", code="not_accepted")
    deadline = paper.track.camera_ready_deadline
    if deadline and timezone.now() > deadline:
        local = timezone.localtime(deadline, paper.edition.tz)
        raise Forbidden(
            f"The camera-ready deadline passed on {local:%Y-%m-%d %H:%M} ({paper.edition.timezone}).",
            code="deadline_passed",
        )
    _validate_final(title=title, authors=authors, accept_terms=accept_terms)
    if not in_volume and volume_settings(edition=paper.edition).archival:
        raise ApplicationError(
            "This edition's proceedings are archival: every accepted paper is in the volume.", code="archival"
        )
    has_file = PaperFile.objects.filter(paper=paper, kind=PaperFile.Kind.CAMERA_READY).exists()
    if pdf_upload is None and not has_file:
        raise ApplicationError(
            "A camera-ready PDF is required.", code="invalid", extra={"fields": {"pdf": "Required."}}
        )
    final_authors = [{"name": a["name"].strip(), "institution": a.get("institution", "").strip()} for a in authors]
    with tempfile.TemporaryDirectory() as tmp:
        checked = None
        if pdf_upload is not None:
            limit = camera_ready_limit(paper.track)
            path, report = pdf_check_upload(
                upload=pdf_upload,
                directory=Path(tmp),
                limit=limit,
                uncounted_sections=paper.track.uncounted_sections,
            )
            if not report.within_limit:
                raise ApplicationError(
                    f"The PDF has {report.main_pages} main pages; the camera-ready limit is {limit} "
                    f"({paper.track.page_limit} + {paper.track.camera_ready_extra_pages} extra). "
                    "References and appendix do not count.",
                    code="over_limit",
                )
            _check_final_pdf(path, page_size=volume_settings(edition=paper.edition).page_size)
            checked = (path, report)
        with atomic_with_files():
            if checked:
                paper_file_store(paper=paper, kind=PaperFile.Kind.CAMERA_READY, path=checked[0], report=checked[1])
            confirmation, _ = CameraReady.objects.update_or_create(
                paper=paper,
                defaults={
                    "title": title.strip(),
                    "authors": final_authors,
                    "terms_accepted_at": timezone.now(),
                    "confirmed_by": user,
                    "in_volume": in_volume,
                },
            )
    return confirmation
