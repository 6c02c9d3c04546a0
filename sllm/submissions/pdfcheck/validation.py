"""Refuse files that are not whole, plain PDFs before anything reads their content.

The order of the checks matters: the cheap ones on size and header come first so a huge or foreign upload
never reaches a parser, and pikepdf (qpdf) judges the structure before PyMuPDF, which repairs truncated
files silently and would report on half a paper.
"""

import os
from pathlib import Path

import pikepdf

from .errors import PdfRejected

# Readers accept the header anywhere in the first KiB (some mailers prepend a few bytes).
HEADER_WINDOW = 1024
# A whole file ends with %%EOF, give or take trailing whitespace or junk some uploaders append.
TRAILER_WINDOW = 1024


def check_size_and_header(path: str | Path, *, max_bytes: int | None) -> None:
    """Reject empty, oversized (when a limit is given) and non-PDF files, judging the bytes, never the name."""
    size = os.stat(path).st_size
    if size == 0:
        raise PdfRejected("empty", "The file is empty (0 bytes).")
    if max_bytes is not None and size > max_bytes:
        raise PdfRejected("too_large", f"The file has {size} bytes; the limit is {max_bytes} bytes.")
    with open(path, "rb") as handle:
        head = handle.read(HEADER_WINDOW)
    if b"%PDF-" not in head:
        raise PdfRejected("not_pdf", "The file has no %PDF header: it is not a PDF.")


def open_checked(path: str | Path) -> pikepdf.Pdf:
    """Open with pikepdf, rejecting broken, truncated and encrypted files. The caller closes the result."""
    try:
        pdf = pikepdf.open(path, attempt_recovery=False)
    except pikepdf.PasswordError as error:
        raise PdfRejected("encrypted", "The file is password-protected.") from error
    except pikepdf.PdfError as strict_error:
        pdf = _open_repairable(path, strict_error)
    try:
        if pdf.is_encrypted:
            # Even owner-password-only encryption blocks stamping and metadata stripping later on.
            raise PdfRejected("encrypted", "The file is encrypted; upload it without a password.")
        if len(pdf.pages) == 0:
            raise PdfRejected("invalid_pdf", "The file has no pages.")
    except PdfRejected:
        pdf.close()
        raise
    except pikepdf.PdfError as error:
        pdf.close()
        raise PdfRejected("invalid_pdf", f"The page tree is broken: {error}") from error
    return pdf


def _open_repairable(path: str | Path, strict_error: pikepdf.PdfError) -> pikepdf.Pdf:
    # A damaged cross-reference table in an otherwise whole file is common and harmless; qpdf rebuilds it.
    # A file cut short is not: recovery "succeeds" on many truncated files while pages or objects are lost,
    # so a missing end marker settles it before recovery is tried.
    if not _has_end_marker(path):
        raise PdfRejected("invalid_pdf", "The file is truncated (no end-of-file marker).") from strict_error
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError as error:
        raise PdfRejected("encrypted", "The file is password-protected.") from error
    except pikepdf.PdfError as error:
        raise PdfRejected("invalid_pdf", f"The PDF structure is broken: {error}") from error


def _has_end_marker(path: str | Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        handle.seek(max(0, handle.tell() - TRAILER_WINDOW))
        return b"%%EOF" in handle.read()


def find_active_content(pdf: pikepdf.Pdf) -> str | None:
    """Describe the first script, launch action or embedded file reachable from the trailer, or None.

    Walking every reachable object (not only the catalog's known entry points) also catches actions
    hidden in annotations, form fields, outline items and name trees.
    """
    seen: set[tuple[int, int]] = set()
    pending: list[pikepdf.Object] = [pdf.trailer]
    try:
        while pending:
            obj = pending.pop()
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
            if isinstance(obj, pikepdf.Array):
                pending.extend(item for item in obj if _is_container(item))
                continue
            entries = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
            finding = _active_entry(entries)
            if finding:
                return finding
            pending.extend(value for _, value in entries.items() if _is_container(value))
    except pikepdf.PdfError as error:
        raise PdfRejected("invalid_pdf", f"An object of the PDF is unreadable: {error}") from error
    return None


def _is_container(obj: pikepdf.Object) -> bool:
    return isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream))


def _active_entry(entries: pikepdf.Dictionary) -> str | None:
    keys = entries.keys()
    if "/JS" in keys or "/JavaScript" in keys or _name(entries, "/S") == "/JavaScript":
        return "The PDF contains JavaScript."
    if _name(entries, "/S") == "/Launch":
        return "The PDF contains a Launch action (it can start programs)."
    if "/EmbeddedFiles" in keys or "/EF" in keys or _name(entries, "/Type") == "/EmbeddedFile":
        return "The PDF contains an embedded file."
    if _name(entries, "/Subtype") == "/FileAttachment":
        return "The PDF contains a file attachment annotation."
    return None


def _name(entries: pikepdf.Dictionary, key: str) -> str | None:
    value = entries.get(key)
    return str(value) if isinstance(value, pikepdf.Name) else None
