"""The content check of a paper's supplementary material: a PDF or a zip, told apart by their bytes.

A PDF gets the submission's check (inspect_pdf: no active content, not encrypted, parsable) without a
page limit. A zip is opened, never unpacked: it must list few enough members, none encrypted, none a
link, none with a path that climbs out of its folder, unpacking to no more than MAX_UNPACKED_RATIO
times the file's allowed size, with every member's checksum right. Anything else is refused with a
stable code, as PdfRejected does for PDFs.
"""

import stat
import zipfile
from pathlib import Path, PurePosixPath

from .pdfcheck import PdfRejected, PdfReport, inspect_pdf

MAX_MEMBERS = 2000
MAX_UNPACKED_RATIO = 10
SUPPLEMENTARY_SUFFIXES = {"pdf": ".pdf", "zip": ".zip"}


class SupplementaryRejected(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def supplementary_format(path: Path) -> str | None:
    """ "pdf", "zip" or None, by the file's first bytes (never its name)."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" in head:  # the PDF check allows a little junk before the header, as readers do
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    return None


def _unsafe_name(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return name.startswith(("/", "\\")) or ".." in parts or (len(parts) > 0 and ":" in parts[0])


def _check_zip(path: Path, *, max_bytes: int) -> int:
    """The number of members of a zip that passes; raises SupplementaryRejected otherwise."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise SupplementaryRejected(
                    "too_many_files", f"The zip holds {len(members)} files; at most {MAX_MEMBERS}."
                )
            for member in members:
                if member.flag_bits & 0x1:
                    raise SupplementaryRejected("encrypted", f"{member.filename} is encrypted.")
                if stat.S_ISLNK(member.external_attr >> 16):
                    raise SupplementaryRejected("unsafe_zip", f"{member.filename} is a link.")
                if _unsafe_name(member.filename):
                    raise SupplementaryRejected("unsafe_zip", f"{member.filename} points outside the zip's folder.")
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_RATIO * max_bytes:
                raise SupplementaryRejected(
                    "too_large", f"The zip unpacks to {unpacked} bytes; at most {MAX_UNPACKED_RATIO * max_bytes}."
                )
            broken = archive.testzip()  # reads every member: bounded by the size checked above
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError) as exc:
        raise SupplementaryRejected("invalid_zip", f"The zip cannot be read ({exc}).") from exc
    if broken is not None:
        raise SupplementaryRejected("invalid_zip", f"{broken} is damaged (its checksum is wrong).")
    return len(members)


def inspect_supplementary(path: str | Path, *, max_bytes: int) -> tuple[str, PdfReport]:
    """The format ("pdf" or "zip") of supplementary material that passes the check, and its report for the
    stored file (pages for a PDF; none for a zip; no page limit either way). Raises SupplementaryRejected."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise SupplementaryRejected("empty", "The file is empty.")
    if size > max_bytes:
        raise SupplementaryRejected("too_large", f"The file has {size} bytes; at most {max_bytes}.")
    found = supplementary_format(path)
    if found == "pdf":
        try:
            report = inspect_pdf(path, limit=0, max_bytes=max_bytes)
        except PdfRejected as exc:
            raise SupplementaryRejected(exc.code, exc.message) from exc
        return "pdf", supplementary_report(pages=report.pages, page_size=report.page_size)
    if found == "zip":
        _check_zip(path, max_bytes=max_bytes)
        return "zip", supplementary_report(pages=0, page_size="")
    raise SupplementaryRejected("unknown_format", "Supplementary material is a PDF or a zip file.")


def supplementary_report(*, pages: int, page_size: str) -> PdfReport:
    """The stored file's report: supplementary material has no page limit, so it is never over one."""
    return PdfReport(
        pages=pages,
        main_pages=0,
        limit=None,
        within_limit=True,
        references_start_page=None,
        appendix_start_page=None,
        page_size=page_size,
    )
