"""The files of synced papers (the PDF, the supplementary material): fetched through the gateway, judged
like an upload, stored like one.

Each field is fetched only when OpenReview's reference to it (content.pdf, content.supplementary_material)
differs from the one stored for it; a fetch that fails leaves a warning on the sync run and the old
reference, so the next sync tries again. A file the content check refuses is still stored, and flagged,
so that organizers see it and decide.
"""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from sllm.core.storage import atomic_with_files
from sllm.submissions.models import Paper, PaperFile
from sllm.submissions.pdfcheck import PdfRejected, PdfReport, inspect_pdf
from sllm.submissions.services import paper_file_store
from sllm.submissions.supplementary import SupplementaryRejected, inspect_supplementary, supplementary_report

from .client import OpenReviewGateway, SyncError
from .mapping import value_of
from .models import SubmissionRecord

ACTIVE = (Paper.Status.SUBMITTED, Paper.Status.ACCEPTED)


@dataclass(frozen=True)
class Checked:
    report: PdfReport
    suffix: str = ".pdf"
    refusal: str = ""  # "code: message" when the content check refused the file


@dataclass(frozen=True)
class AttachmentField:
    field: str  # in the note's content
    kind: str  # PaperFile.Kind
    ref_column: str  # SubmissionRecord's column holding the reference last stored
    label: str  # in warnings
    check: Callable[[Path, Paper], Checked]


def _check_pdf(path: Path, paper: Paper) -> Checked:
    limit = paper.track.page_limit
    try:
        return Checked(inspect_pdf(path, limit=limit, max_bytes=settings.MAX_PDF_BYTES))
    except PdfRejected as exc:
        refused = PdfReport(
            pages=0,
            main_pages=0,
            limit=limit,
            within_limit=False,
            references_start_page=None,
            appendix_start_page=None,
            page_size="other",
        )
        return Checked(refused, refusal=f"{exc.code}: {exc.message}")


def _check_supplementary(path: Path, paper: Paper) -> Checked:
    try:
        found, report = inspect_supplementary(path, max_bytes=settings.MAX_SUPPLEMENTARY_BYTES)
    except SupplementaryRejected as exc:
        # Kept under the suffix its first bytes suggest, so an organizer's download opens in the right tool.
        suffix = ".zip" if path.read_bytes()[:2] == b"PK" else ".pdf"
        return Checked(supplementary_report(pages=0, page_size=""), suffix, f"{exc.code}: {exc.message}")
    return Checked(report, f".{found}")


PDF = AttachmentField("pdf", PaperFile.Kind.SUBMISSION, "pdf_ref", "PDF", _check_pdf)
SUPPLEMENTARY = AttachmentField(
    "supplementary_material",
    PaperFile.Kind.SUPPLEMENTARY,
    "supplementary_ref",
    "supplementary material",
    _check_supplementary,
)


def paper_pdfs_fetch(*, edition, gateway: OpenReviewGateway, warnings: list[str]) -> dict[str, int]:
    """Fetches the changed PDFs of the edition's active synced papers; returns {"created", "updated"}."""
    return _attachments_fetch(PDF, edition=edition, gateway=gateway, warnings=warnings)


def paper_supplementaries_fetch(*, edition, gateway: OpenReviewGateway, warnings: list[str]) -> dict[str, int]:
    """The same for their supplementary material (a PDF or a zip)."""
    return _attachments_fetch(SUPPLEMENTARY, edition=edition, gateway=gateway, warnings=warnings)


def _attachments_fetch(
    spec: AttachmentField, *, edition, gateway: OpenReviewGateway, warnings: list[str]
) -> dict[str, int]:
    counts = {"created": 0, "updated": 0}
    records = (
        SubmissionRecord.objects.filter(paper__edition=edition, paper__status__in=ACTIVE)
        .select_related("paper__track")
        .order_by("paper__number")
    )
    existing = set(PaperFile.objects.filter(paper__edition=edition, kind=spec.kind).values_list("paper_id", flat=True))
    for record in records:
        ref = value_of(record.raw.get("content"), spec.field)
        if not isinstance(ref, str) or not ref or ref == getattr(record, spec.ref_column):
            continue
        paper = record.paper
        try:
            data = gateway.attachment(record.note_id, spec.field)
        except SyncError as exc:
            warnings.append(
                f"Paper {paper.number}: its {spec.label} could not be fetched from OpenReview ({exc.message}); "
                "the next sync tries again."
            )
            continue
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "openreview"
            path.write_bytes(data)
            checked = spec.check(path, paper)
            if checked.refusal:
                warnings.append(
                    f"Paper {paper.number}: the {spec.label} on OpenReview fails the content check "
                    f"({checked.refusal}); stored and flagged for the organizers."
                )
            # paper_file_store anonymizes a PDF, as it does every submission (anonymize_pdf).
            with atomic_with_files():  # the stored file goes if the writes after it fail
                paper_file_store(
                    paper=paper,
                    kind=spec.kind,
                    path=path,
                    report=checked.report,
                    suffix=checked.suffix,
                    refusal=checked.refusal,
                )
                if spec.kind == PaperFile.Kind.SUBMISSION:
                    Paper.objects.filter(pk=paper.pk).update(over_page_limit=not checked.report.within_limit)
                SubmissionRecord.objects.filter(pk=record.pk).update(**{spec.ref_column: ref})
        counts["updated" if paper.pk in existing else "created"] += 1
    return counts
