"""The plan of a volume as plain data: which paper goes on which pages, the parts, the author index, the
outline and the BibTeX. Pure functions, no Django and no PDF library, so each rule is testable alone."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sllm.submissions.bibtex import NON_ARCHIVAL_NOTE
from sllm.submissions.bibtex import bibtex_entry as paper_bibtex_entry

if TYPE_CHECKING:
    from .pdf import OutlineNode


# Main-track papers first, then the Tiny Papers as a part of their own.
TRACK_ORDER = {"main": 0, "tiny": 1}


@dataclass(frozen=True)
class Author:
    name: str
    institution: str = ""


@dataclass(frozen=True)
class PaperEntry:
    number: int
    track_kind: str
    track_name: str
    title: str
    authors: tuple[Author, ...]
    source: Path
    pages: int


@dataclass(frozen=True)
class PlacedPaper:
    entry: PaperEntry
    first_page: int  # the printed (arabic) page numbers of the volume
    last_page: int

    @property
    def pages_text(self) -> str:
        return str(self.first_page) if self.first_page == self.last_page else f"{self.first_page}--{self.last_page}"

    @property
    def link_key(self) -> str:
        return f"paper/{self.entry.number}"


@dataclass(frozen=True)
class Part:
    track_kind: str
    title: str
    papers: tuple[PlacedPaper, ...] = field(default_factory=tuple)


def place_papers(entries: list[PaperEntry]) -> list[PlacedPaper]:
    """Order papers by track then number and give each its pages; the first paper starts at page 1."""
    ordered = sorted(entries, key=lambda e: (TRACK_ORDER.get(e.track_kind, len(TRACK_ORDER)), e.number))
    placed, page = [], 1
    for entry in ordered:
        placed.append(PlacedPaper(entry, page, page + entry.pages - 1))
        page += entry.pages
    return placed


def parts(placed: list[PlacedPaper]) -> list[Part]:
    roman = ["I", "II", "III", "IV", "V"]
    groups: dict[str, list[PlacedPaper]] = {}
    for paper in placed:
        groups.setdefault(paper.entry.track_kind, []).append(paper)
    return [
        Part(kind, f"Part {roman[index]}: {papers[0].entry.track_name}", tuple(papers))
        for index, (kind, papers) in enumerate(groups.items())
    ]


def split_name(name: str) -> tuple[str, str]:
    """(family, given): the last word is the family name, the way the author list was entered."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return words[-1], " ".join(words[:-1])


def _sort_key(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


@dataclass(frozen=True)
class IndexEntry:
    display: str  # "Lovelace, Ada"
    papers: tuple[PlacedPaper, ...]

    @property
    def initial(self) -> str:
        """The letter the index groups the entry under."""
        return (_sort_key(self.display)[:1] or self.display[:1]).upper()


def author_index(placed: list[PlacedPaper]) -> list[IndexEntry]:
    """Every author once, by family name, with the papers (first pages) they are an author of."""
    by_name: dict[str, list[PlacedPaper]] = {}
    for paper in placed:
        for author in paper.entry.authors:
            family, given = split_name(author.name)
            display = f"{family}, {given}" if given else family
            papers = by_name.setdefault(display, [])
            if paper not in papers:
                papers.append(paper)
    ordered = sorted(by_name, key=lambda d: (_sort_key(d), d))
    return [IndexEntry(display, tuple(by_name[display])) for display in ordered]


def outline(*, front_sections: list[tuple[str, int]], front_pages: int, volume_parts: list[Part]) -> list[OutlineNode]:
    """Bookmarks: the front-matter sections, then one per part holding one per paper (0-based pages)."""
    # The PDF layer (pikepdf) loads with a build, not in every web worker that imports the services.
    from .pdf import OutlineNode  # noqa: PLC0415 -- see above

    nodes = [OutlineNode(title, page) for title, page in front_sections]
    for part in volume_parts:
        children = tuple(OutlineNode(paper.entry.title, front_pages + paper.first_page - 1) for paper in part.papers)
        nodes.append(OutlineNode(part.title, children[0].page, children))
    return nodes


def author_list(authors: tuple[Author, ...]) -> str:
    names = [a.name for a in authors]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def citation(paper: PlacedPaper, *, booktitle: str, year: int) -> str:
    return (
        f"{author_list(paper.entry.authors)}. {paper.entry.title}. In {booktitle}, "
        f"pages {paper.pages_text.replace('--', '-')}, {year}."
    )


def bibtex_entry(
    paper: PlacedPaper,
    *,
    slug: str,
    booktitle: str,
    year: int,
    editors: list[str],
    venue: str,
    url: str,
    non_archival: str = "",
) -> dict:
    """One paper's entry; `non_archival` is "" (archival), "note" (@inproceedings noting it) or "misc"."""
    return paper_bibtex_entry(
        slug=slug,
        number=paper.entry.number,
        title=paper.entry.title,
        authors=[a.name for a in paper.entry.authors],
        booktitle=booktitle,
        year=year,
        pages=paper.pages_text,
        editors=editors,
        venue=venue,
        note=NON_ARCHIVAL_NOTE if non_archival else "",
        url=url,
        misc=non_archival == "misc",
    )
