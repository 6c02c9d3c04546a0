"""The page check of an uploaded paper: validate the file, then measure its main text."""

from dataclasses import dataclass, fields
from pathlib import Path

import pymupdf

from .errors import PdfRejected
from .headings import find_section_starts
from .layout import page_size_name, read_outline, read_pages
from .validation import check_size_and_header, find_active_content, open_checked

PAGE_LIMITS = {"main": 5, "tiny": 2}
DEFAULT_MAX_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class PdfReport:
    pages: int
    main_pages: int
    limit: int
    within_limit: bool
    references_start_page: int | None
    appendix_start_page: int | None
    page_size: str  # "A4", "Letter" or "other"

    def as_dict(self) -> dict:
        # Field order is the order of the published JSON.
        return {field.name: getattr(self, field.name) for field in fields(self)}


def inspect_pdf(path: str | Path, *, limit: int, max_bytes: int = DEFAULT_MAX_BYTES) -> PdfReport:
    """Check an uploaded PDF and count its main pages. Raises PdfRejected for a file it refuses.

    A missing path raises FileNotFoundError: that is the caller's mistake, not the file's.
    """
    check_size_and_header(path, max_bytes=max_bytes)
    with open_checked(path) as pdf:
        finding = find_active_content(pdf)
    if finding:
        raise PdfRejected("active_content", finding)
    try:
        with pymupdf.open(path, filetype="pdf") as doc:
            pages = read_pages(doc)
            outline = read_outline(doc)
            page_size = page_size_name(doc)
    except (RuntimeError, ValueError) as error:  # MuPDF's errors (FileDataError among them)
        raise PdfRejected("invalid_pdf", f"The PDF content cannot be read: {error}") from error
    starts = find_section_starts(pages, outline)
    return PdfReport(
        pages=len(pages),
        main_pages=starts.main_pages,
        limit=limit,
        within_limit=starts.main_pages <= limit,
        references_start_page=starts.references.page if starts.references else None,
        appendix_start_page=starts.appendix.page if starts.appendix else None,
        page_size=page_size,
    )
