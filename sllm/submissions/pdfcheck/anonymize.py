"""Make a submitted PDF name nobody, for double-blind reviewing.

An allow-list, not a deny-list: of the document Info dictionary only the title stays (reviewers see it
anyway). Everything else that a TeX toolchain or an editor leaves behind and that tends to name the
authors goes from every object of the file, not only the catalog:

- XMP packets (`/Metadata`), which LaTeX attaches to the document and often to included figures and pages;
- `/PTEX.*` keys (pdfTeX records each included figure's path, `/Users/<name>/...`, and its Info dictionary);
- `/PieceInfo` (private application data, Illustrator and Office put user names in it);
- annotation authors (`/T` of markup annotations; a form field's `/T` is its name and stays).

Names in the visible text cannot be removed without changing the paper; they are reported so an organizer
can decide. Upload, revision, OpenReview import, the one-off re-anonymization and `manage.py
anonymize_pdf` all call `anonymize_pdf`, so they apply exactly the same rules.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the library loads inside the functions that use it
    import pikepdf

from .errors import PdfRejected

KEPT_INFO_KEYS = ("/Title",)
# The title block and the first section: where \author{} and acknowledgements-style footnotes end up.
NAME_SCAN_PAGES = 2
_AUTHOR_SPEC = re.compile(r"^\s*(?P<name>[^<>]*?)\s*(?:<(?P<email>[^<>\s]+)>)?\s*$")


@dataclass(frozen=True)
class Author:
    name: str = ""
    email: str = ""

    @classmethod
    def parse(cls, spec: str) -> Author:
        """`Name <email>`, `Name` or `<email>`; raises ValueError for anything else."""
        match = _AUTHOR_SPEC.match(spec)
        if not match or not (match["name"] or match["email"]):
            raise ValueError(f'not an author: {spec!r} (expected "Name <email>")')
        return cls(name=match["name"], email=(match["email"] or "").lower())


@dataclass
class Anonymized:
    removed: Counter = field(default_factory=Counter)  # (kind, key) -> how many
    names_in_text: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "removed": [
                {"kind": kind, "key": key, "count": count} for (kind, key), count in sorted(self.removed.items())
            ],
            "names_in_text": self.names_in_text,
        }


def anonymize_pdf(source: str | Path, target: str | Path, *, authors: list[Author] = ()) -> Anonymized:
    """Write `source` to `target` without identifying metadata; `target` may be `source` itself.

    The new file is written beside the target and swapped in, so a failure leaves both files as they were.
    Raises PdfRejected for a file that cannot be opened (the codes of the content check).
    """
    import pikepdf  # noqa: PLC0415 -- loaded with the first anonymization, not by every web worker

    target = Path(target)
    result = Anonymized()
    # No size limit: a file that passed an upload's limit is anonymized whatever that limit was.
    from .validation import check_size_and_header, open_checked  # noqa: PLC0415 -- it loads pikepdf

    check_size_and_header(source, max_bytes=None)
    with open_checked(source) as pdf:
        try:
            _strip_info(pdf, result.removed)
            for entries in _reachable_dictionaries(pdf):
                _strip_entries(entries, result.removed)
        except pikepdf.PdfError as error:
            raise PdfRejected("invalid_pdf", f"An object of the PDF is unreadable: {error}") from error
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(handle)
        try:
            # A content-derived /ID: a random one would tell two uploads of the same file apart for nothing.
            pdf.save(temporary, deterministic_id=True)
        except BaseException:
            os.unlink(temporary)
            raise
    os.replace(temporary, target)
    result.names_in_text = names_in_text(target, authors)
    return result


def _strip_info(pdf: pikepdf.Pdf, removed: Counter) -> None:
    import pikepdf  # noqa: PLC0415 -- loaded with the first anonymization, not by every web worker

    info = pdf.trailer.get("/Info")
    if info is None:
        return
    kept = pikepdf.Dictionary()
    if isinstance(info, pikepdf.Dictionary):
        for key in info.keys():
            if key in KEPT_INFO_KEYS:
                kept[key] = info[key]
            else:
                removed["info", key] += 1
    # A fresh object: the old one may also be reachable from elsewhere (pdfTeX's /PTEX.InfoDict).
    pdf.trailer["/Info"] = pdf.make_indirect(kept)


def _reachable_dictionaries(pdf: pikepdf.Pdf):
    """Every dictionary and stream dictionary reachable from the catalog, each indirect object once.

    Read before written: the caller strips a dictionary only after its children were queued, and a child
    under a stripped key is never visited (it is dropped on save, being unreachable).
    """
    import pikepdf  # noqa: PLC0415 -- loaded with the first anonymization, not by every web worker

    seen: set[tuple[int, int]] = set()
    pending: list[pikepdf.Object] = [pdf.Root]
    while pending:
        obj = pending.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Array):
            pending.extend(
                item for item in obj if isinstance(item, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream))
            )
            continue
        entries = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
        pending.extend(
            value
            for key, value in entries.items()
            if not _is_dropped(entries, key) and isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream))
        )
        yield entries


def _is_dropped(entries: pikepdf.Dictionary, key: str) -> str | None:
    """The kind of identifying entry `key` is in `entries`, or None when it stays."""
    if key == "/Metadata":
        return "xmp"
    if key.startswith("/PTEX."):
        return "ptex"
    if key == "/PieceInfo":
        return "piece_info"
    if key == "/T" and _is_markup_annotation(entries):
        return "annotation_author"
    return None


def _is_markup_annotation(entries: pikepdf.Dictionary) -> bool:
    import pikepdf  # noqa: PLC0415 -- loaded with the first anonymization, not by every web worker

    subtype = entries.get("/Subtype")
    if not isinstance(subtype, pikepdf.Name) or subtype == "/Widget":
        return False
    return entries.get("/Type") == pikepdf.Name.Annot or "/Rect" in entries


def _strip_entries(entries: pikepdf.Dictionary, removed: Counter) -> None:
    for key in list(entries.keys()):
        kind = _is_dropped(entries, key)
        if kind:
            del entries[key]
            removed[kind, key] += 1


def names_in_text(path: str | Path, authors: list[Author]) -> list[str]:
    """The authors' names and emails that appear in the text of the first pages, in the order given."""
    import pymupdf  # noqa: PLC0415 -- loaded with the first anonymization, not by every web worker

    if not authors:
        return []
    with pymupdf.open(path, filetype="pdf") as doc:
        text = " ".join(doc[index].get_text() for index in range(min(NAME_SCAN_PAGES, doc.page_count)))
    text = " ".join(text.split()).casefold()
    found: list[str] = []
    for author in authors:
        for needle in (author.name, author.email):
            if needle and needle not in found and _occurs(needle, text):
                found.append(needle)
    return found


def _occurs(needle: str, text: str) -> bool:
    words = needle.split()
    # Whole words only, whatever the line breaks: "Ann Lee" is not found in "Joann Leeds".
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(word.casefold()) for word in words) + r"(?!\w)"
    return re.search(pattern, text) is not None
