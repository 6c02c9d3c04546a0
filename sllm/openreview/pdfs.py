"""The PDFs of synced papers: fetched through the gateway, judged like an upload, stored like one.

A PDF is fetched only when OpenReview's reference to it (content.pdf) differs from the one stored; a
fetch that fails leaves a warning on the sync run and the old reference, so the next sync tries again.
A PDF the content check refuses is still stored, and flagged, so that organizers see it and decide.
"""

import tempfile
from pathlib import Path

from django.conf import settings

from sllm.core.storage import atomic_with_files
from sllm.submissions.models import Paper, PaperFile
from sllm.submissions.pdfcheck import PdfRejected, PdfReport, inspect_pdf
from sllm.submissions.services import paper_file_store

from .client import OpenReviewGateway, SyncError
from .mapping import value_of
from .models import SubmissionRecord

ACTIVE = (Paper.Status.SUBMITTED, Paper.Status.ACCEPTED)


def _refused_report(limit: int) -> PdfReport:
    return PdfReport(
        pages=0,
        main_pages=0,
        limit=limit,
        within_limit=False,
        references_start_page=None,
        appendix_start_page=None,
        page_size="other",
    )


def paper_pdfs_fetch(*, edition, gateway: OpenReviewGateway, warnings: list[str]) -> dict[str, int]:
    """Fetches the changed PDFs of the edition's active synced papers; returns {"created", "updated"}."""
    counts = {"created": 0, "updated": 0}
    records = (
        SubmissionRecord.objects.filter(paper__edition=edition, paper__status__in=ACTIVE)
        .select_related("paper__track")
        .order_by("paper__number")
    )
    existing = set(
        PaperFile.objects.filter(paper__edition=edition, kind=PaperFile.Kind.SUBMISSION).values_list(
            "paper_id", flat=True
        )
    )
    for record in records:
        ref = value_of(record.raw.get("content"), "pdf")
        if not isinstance(ref, str) or not ref or ref == record.pdf_ref:
            continue
        paper = record.paper
        try:
            data = gateway.attachment(record.note_id, "pdf")
        except SyncError as exc:
            warnings.append(
                f"Paper {paper.number}: its PDF could not be fetched from OpenReview ({exc.message}); "
                "the next sync tries again."
            )
            continue
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "openreview.pdf"
            path.write_bytes(data)
            try:
                report = inspect_pdf(path, limit=paper.track.page_limit, max_bytes=settings.MAX_PDF_BYTES)
            except PdfRejected as exc:
                report = _refused_report(paper.track.page_limit)
                warnings.append(
                    f"Paper {paper.number}: the PDF on OpenReview fails the content check ({exc.code}: "
                    f"{exc.message}); stored and flagged for the organizers."
                )
            # paper_file_store anonymizes it, as it does every submission (anonymize_pdf).
            with atomic_with_files():  # the stored file goes if the writes after it fail
                paper_file_store(paper=paper, kind=PaperFile.Kind.SUBMISSION, path=path, report=report)
                Paper.objects.filter(pk=paper.pk).update(over_page_limit=not report.within_limit)
                SubmissionRecord.objects.filter(pk=record.pk).update(pdf_ref=ref)
        counts["updated" if paper.pk in existing else "created"] += 1
    return counts
