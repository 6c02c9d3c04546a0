"""The BibTeX entry of a paper: one key, one escaping and one field order for the paper page and the
proceedings. Pure code (bibtexparser only, no Django), so the proceedings' plan can use it too."""

import re

from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter

_LATEX_SPECIAL = frozenset("&%$#_")
# Braces as words, not \{ and \}: BibTeX counts braces before it reads escapes, so a lone one would end
# (or never end) the field.
_LATEX_WORDS = {
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
}
# What a non-archival edition's entries say in their note (the volume's and the paper page's alike).
NON_ARCHIVAL_NOTE = "Non-archival"
FIELD_ORDER = ["title", "author", "editor", "booktitle", "howpublished", "pages", "year", "address", "note", "url"]


def latex_escape(text: str) -> str:
    return "".join(_LATEX_WORDS.get(char, "\\" + char if char in _LATEX_SPECIAL else char) for char in text)


def bibtex_key(slug: str, number: int) -> str:
    return f"{re.sub(r'[^A-Za-z0-9]', '', slug).lower()}-{number}"


def bibtex_entry(
    *,
    slug: str,
    number: int,
    title: str,
    authors: list[str],
    booktitle: str,
    year: int,
    pages: str = "",
    editors: list[str] = (),
    venue: str = "",
    note: str = "",
    url: str = "",
    misc: bool = False,
) -> dict:
    """An @inproceedings entry with every text field escaped; empty optional fields are left out. With
    `misc` (a non-archival edition's choice) it is a @misc whose booktitle becomes howpublished."""
    entry = {
        "ENTRYTYPE": "inproceedings",
        "ID": bibtex_key(slug, number),
        # Runs of white space become one space (BibTeX readers differ on what they keep at the ends).
        "title": latex_escape(" ".join(title.split())),
        "author": " and ".join(latex_escape(name) for name in authors),
        "booktitle": latex_escape(booktitle),
        "year": str(year),
    }
    optional = {
        "pages": pages,
        "editor": " and ".join(latex_escape(name) for name in editors),
        "address": latex_escape(venue),
        "note": latex_escape(note),
        "url": url,
    }
    entry.update((name, value) for name, value in optional.items() if value)
    if misc:
        entry["ENTRYTYPE"] = "misc"
        entry["howpublished"] = entry.pop("booktitle")
    return entry


def bibtex_write(entries: list[dict]) -> str:
    database = BibDatabase()
    database.entries = entries
    writer = BibTexWriter()
    writer.indent = "  "
    # The caller's order (the volume's), not the writer's alphabetical one, and the fields in a fixed order.
    writer.order_entries_by = None
    writer.display_order = FIELD_ORDER
    return writer.write(database)
