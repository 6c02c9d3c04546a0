"""Before a build: every accepted paper's stored camera-ready judged from the file itself."""

import shutil
from pathlib import Path

from sllm.submissions.files import file_sha256
from sllm.submissions.models import PaperFile
from sllm.workshops.models import Edition

from ..selectors import accepted_papers, camera_ready_of, missing_items, volume_settings
from ..volume import Author, PaperEntry
from .camera_ready import size_reason


def _local_path(stored: PaperFile, scratch: Path) -> Path | None:
    """A path pikepdf can open: the stored file itself, or a copy where the storage is remote."""
    try:
        path = Path(stored.file.path)
        return path if path.exists() else None
    except NotImplementedError:
        if not stored.file.storage.exists(stored.file.name):
            return None
        copy = scratch / f"{stored.pk}.pdf"
        with stored.file.open("rb") as source, copy.open("wb") as target:
            shutil.copyfileobj(source, target)
        return copy


def _file_problems(stored: PaperFile, path: Path | None, page_size: str) -> tuple[list[str], int]:
    """Reasons a stored camera-ready cannot be printed, judged from the file; and its page count."""
    from .. import pdf  # noqa: PLC0415 -- pikepdf loads with a check, not at a worker's start

    if path is None:
        return ["The camera-ready file is missing from storage."], 0
    if file_sha256(path) != stored.sha256:
        return ["The stored file changed after its check (checksum mismatch); upload it again."], 0
    try:
        document = pdf.open_pdf(path)
    except pdf.BrokenPdf as error:
        return [f"The PDF is broken: {error}"], 0
    with document:
        reasons = []
        fonts = pdf.unembedded_fonts(document)
        if fonts:
            reasons.append(f"Fonts not embedded: {', '.join(fonts)}.")
        wrong = pdf.wrong_size_pages(document, page_size)
        if wrong:
            reasons.append(size_reason(wrong, page_size))
        return reasons, len(document.pages)


def volume_check(*, edition: Edition, scratch: Path) -> tuple[list[PaperEntry], list[dict]]:
    """Every accepted paper either becomes a volume entry or a problem {number, title, reasons}."""
    chosen = volume_settings(edition=edition)
    page_size = chosen.page_size
    entries, problems = [], []
    for paper in accepted_papers(edition=edition):
        opted_out = getattr(paper, "camera_ready", None) is not None and not paper.camera_ready.in_volume
        if opted_out and not chosen.archival:
            # Opted out of a non-archival volume: on the website, not in the volume, and not a problem.
            continue
        reasons = missing_items(paper=paper, page_size=page_size)
        pages, path = 0, None
        if not reasons:
            stored = paper.camera_ready_files[0]
            path = _local_path(stored, scratch)
            reasons, pages = _file_problems(stored, path, page_size)
        if reasons:
            problems.append({"number": paper.number, "title": paper.title, "reasons": reasons})
            continue
        confirmation = camera_ready_of(paper)
        entries.append(
            PaperEntry(
                number=paper.number,
                track_kind=paper.track.kind,
                track_name=paper.track.name,
                title=confirmation.title,
                authors=tuple(Author(a["name"], a.get("institution", "")) for a in confirmation.authors),
                source=path,
                pages=pages,
            )
        )
    return entries, problems
