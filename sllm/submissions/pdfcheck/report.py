"""The page check of an uploaded paper: validate the file, then measure its main text."""

from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import PdfRejected
from .sections import validate_uncounted

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
    # Added after the first contract: only new keys, at the end.
    uncounted_sections: tuple[str, ...] = ()  # closing sections the track leaves out of the count, sorted
    section_starts: dict[str, int] = field(default_factory=dict)  # closing sections found -> first page

    def as_dict(self) -> dict:
        # Field order is the order of the published JSON.
        return {
            item.name: list(value) if isinstance(value := getattr(self, item.name), tuple) else value
            for item in fields(self)
        }


def inspect_pdf(
    path: str | Path, *, limit: int, max_bytes: int = DEFAULT_MAX_BYTES, uncounted_sections=()
) -> PdfReport:
    """Check an uploaded PDF and count its main pages. Raises PdfRejected for a file it refuses.

    References, the appendix and supplementary material never count. `uncounted_sections` names the closing
    sections (acknowledgements, limitations, ethics, reproducibility, impact) that do not count either when
    they follow the body; by default they count, as the call for papers says.
    A missing path raises FileNotFoundError: that is the caller's mistake, not the file's; an unknown section
    kind raises ValueError.
    """
    uncounted = validate_uncounted(uncounted_sections)
    # PyMuPDF and pikepdf load with the first check, not in every web worker that merely imports the
    # upload service (they cost ~60 MiB together).
    import pymupdf  # noqa: PLC0415 -- see above

    from .headings import find_section_starts  # noqa: PLC0415 -- see above
    from .layout import page_size_name, read_outline, read_pages  # noqa: PLC0415 -- see above
    from .validation import check_size_and_header, find_active_content, open_checked  # noqa: PLC0415 -- see above

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
    starts = find_section_starts(pages, outline, uncounted=uncounted)
    return PdfReport(
        pages=len(pages),
        main_pages=starts.main_pages,
        limit=limit,
        within_limit=starts.main_pages <= limit,
        references_start_page=starts.references.page if starts.references else None,
        appendix_start_page=starts.appendix.page if starts.appendix else None,
        page_size=page_size,
        uncounted_sections=tuple(sorted(uncounted)),
        section_starts={kind: position.page for kind, position in starts.closing.items()},
    )
