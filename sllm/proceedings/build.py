"""Build a volume from plain inputs into a fresh folder, then swap it in whole.

No ORM here: the services hand over a `VolumeSpec`, so the command, the Celery job and the benchmark run
the very same code. A build that fails or is killed leaves its staging folder behind and the previous
volume untouched; the next build clears such leftovers.
"""

from __future__ import annotations

import ctypes
import itertools
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.html import format_html

from sllm.submissions.bibtex import bibtex_write
from sllm.submissions.files import file_sha256

if TYPE_CHECKING:
    from .pdf import blocks as pdf_blocks
    from .pdf import front as pdf_front

from .volume import (
    PaperEntry,
    PlacedPaper,
    author_index,
    author_list,
    bibtex_entry,
    citation,
    outline,
    parts,
    place_papers,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
STYLESHEET = PROJECT_ROOT / "templates" / "proceedings" / "volume.css"
VOLUME_FILE = "volume.pdf"
BIBTEX_FILE = "volume.bib"
MANIFEST_FILE = "manifest.json"
STAGING_MARK = ".staging-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Person:
    name: str
    affiliation: str = ""


@dataclass(frozen=True)
class VolumeSpec:
    slug: str
    name: str
    short_name: str
    title: str
    editors: list[str]
    preface: str
    venue: str
    dates: str
    year: int
    page_size: str
    organizers: list[Person]
    committee: list[Person]
    papers: list[PaperEntry]
    moment: datetime  # the date written into every file's metadata
    site_url: str  # the public site, for the BibTeX url fields
    skipped: list[dict]
    archival: bool = True
    non_archival_entry: str = "note"  # "note": @inproceedings with a note; "misc": @misc


def paper_file_name(number: int) -> str:
    return f"paper-{number}.pdf"


def paper_bib_name(number: int) -> str:
    return f"paper-{number}.bib"


def build_volume(
    spec: VolumeSpec, target: Path, progress: Progress = lambda step, done, total: None, timings: dict | None = None
) -> dict:
    """Write the volume, the stamped papers, the BibTeX and a manifest to `target`; returns the manifest.

    Two processes share the work: a paper worker stamps each paper, writes it and appends it to the
    volume, while this process lays out the front matter with WeasyPrint; the worker then puts the front
    matter in front and writes the volume. `timings`, when given, receives the seconds of each step (the
    paper worker's in wall and CPU time) and the paper worker's peak memory.
    """
    # The PDF layer (pikepdf, WeasyPrint) loads with a build, never in a web worker that shows a build.
    from .pdf import papers as pdf_papers  # noqa: PLC0415 -- see above

    timings = {} if timings is None else timings
    if not spec.papers:
        raise ValueError("There are no papers to put in the volume.")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(target)
    staging = target.parent / f".{target.name}{STAGING_MARK}{uuid.uuid4().hex}"
    (staging / "papers").mkdir(parents=True)
    placed = place_papers(spec.papers)
    total = len(placed) + 2
    progress("Front matter", 0, total)
    volume_parts = parts(placed)
    with (
        tempfile.TemporaryDirectory() as scratch,
        pdf_papers.PaperWorker(
            papers=(paper_job(spec, paper, staging) for paper in placed),
            moment=spec.moment,
            volume=staging / VOLUME_FILE,
            scratch=Path(scratch),
        ) as worker,
    ):
        clock = time.perf_counter()
        front = _front_matter(spec, placed, volume_parts)
        timings["front_matter_s"] = time.perf_counter() - clock
        worker.finish(**worker_finish(spec, placed, volume_parts, front, scratch=Path(scratch)))
        for done in worker.progress():
            progress("Stamping papers" if done < len(placed) else "Merging the volume", done, total)
        steps = ("stamping_s", "waiting_s", "merging_s", "stamping_cpu_s", "merging_cpu_s")
        timings.update({key: worker.result[key] for key in steps})
        timings["worker_peak_rss_mib"] = worker.result["peak_rss_mib"]
        timings["worker_papers_peak_rss_mib"] = worker.result["papers_peak_rss_mib"]
    bib_entries = [_bib_entry(spec, paper) for paper in placed]
    for paper, entry in zip(placed, bib_entries, strict=True):
        (staging / "papers" / paper_bib_name(paper.entry.number)).write_text(bibtex_write([entry]))
    (staging / BIBTEX_FILE).write_text(bibtex_write(bib_entries))
    manifest = _manifest(
        spec, placed, volume_parts, front_pages=front.pages, pages=worker.result["pages"], staging=staging
    )
    (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    swap_in(staging, target)
    progress("Done", total, total)
    return manifest


def worker_finish(spec: VolumeSpec, placed: list[PlacedPaper], volume_parts, front, *, scratch: Path) -> dict:
    """What the paper worker needs besides the papers (see PaperWorker.finish): the front matter's pieces
    (written to `scratch`) with their links, each to its page of the volume, the outline and the volume's
    metadata. A link to a key without a page is an error, so the contents can never ship with a dead link."""
    from . import pdf  # noqa: PLC0415 -- loaded with a build, see build_volume

    link_pages = {p.link_key: front.pages + p.first_page - 1 for p in placed}
    pieces = []
    for index, (part, links) in enumerate(zip(front.parts, front.links, strict=True)):
        pdf_file = scratch / f"front-{index}.pdf"
        pdf_file.write_bytes(part)
        for link in links:
            if link.key not in link_pages:
                raise ValueError(f"the front matter links to {link.key!r}, which is not in the volume")
        pieces.append((pdf_file, [(link.page, link.rect, link_pages[link.key]) for link in links]))
    sections = [(title, front.anchors[key]) for key, title in _FRONT_SECTIONS if key in front.anchors]
    return {
        "front": pieces,
        "front_pages": front.pages,
        "outline": outline(front_sections=sections, front_pages=front.pages, volume_parts=volume_parts),
        "metadata": pdf.VolumeMetadata(
            title=spec.title,
            author=", ".join(spec.editors),
            subject=spec.name,
            keywords=f"{spec.short_name}, proceedings",
            moment=spec.moment,
        ),
    }


_FRONT_SECTIONS = [
    ("title", "Title page"),
    ("preface", "Preface"),
    ("organizers", "Organizers"),
    ("committee", "Program committee"),
    ("contents", "Contents"),
    ("index", "Author index"),
]


def _front_matter(spec: VolumeSpec, placed: list[PlacedPaper], volume_parts) -> pdf_front.FrontMatter:
    """The front matter laid out in pieces of bounded size (see pdf.front), page for page as one layout."""
    from .pdf import front as pdf_front  # noqa: PLC0415 -- loaded with a build, see build_volume

    return pdf_front.render_flows(
        _front_flows(spec, placed, volume_parts),
        stylesheet=STYLESHEET,
        base_url=str(STYLESHEET.parent),
        page_size=spec.page_size,
    )


def _front_flows(spec: VolumeSpec, placed: list[PlacedPaper], volume_parts) -> list[list[pdf_blocks.Block]]:
    """The front matter as flows of blocks, each flow from a new page: the opening pages (a few, whatever
    the size of the volume), the table of contents and the author index (a block per entry or letter)."""
    from . import pdf  # noqa: PLC0415 -- loaded with a build, see build_volume
    from .pdf import blocks as pdf_blocks  # noqa: PLC0415 -- loaded with a build, see build_volume

    context = {
        "spec": spec,
        "preface": [p.strip() for p in spec.preface.split("\n\n") if p.strip()],
    }
    opening = render_to_string("proceedings/front_matter.html", context).strip()
    contents = ['<h2 id="contents" class="chapter">Contents</h2>']
    for part in volume_parts:
        contents.append(format_html("<h3>{}</h3>", part.title))
        contents.extend(
            format_html(
                '<p class="toc-entry"><a href="{}{}">{} · {}</a><br>{}</p>',
                pdf.LINK_SCHEME,
                paper.link_key,
                paper.first_page,
                paper.entry.title,
                ", ".join(author.name for author in paper.entry.authors),
            )
            for paper in part.papers
        )
    index: list[pdf_blocks.Block] = ['<h2 id="index" class="chapter">Author index</h2>']
    # The same spans recur (a paper's page number under each of its authors): made once, they are shared.
    space, comma = pdf_blocks.Span(" "), pdf_blocks.Span(", ")
    page_numbers = {p.link_key: pdf_blocks.Span(str(p.first_page), link=p.link_key) for p in placed}
    for letter, entries in itertools.groupby(author_index(placed), key=lambda entry: entry.initial):
        # The index runs on as a paragraph a letter: one box per author would cost WeasyPrint a line
        # box each, and the volume several pages.
        spans = [pdf_blocks.Span(letter, "<b>", "</b>"), space]
        for position, entry in enumerate(entries):
            spans.append(pdf_blocks.Span(("" if position == 0 else " · ") + entry.display))
            for number, paper in enumerate(entry.papers):
                spans.extend([comma if number else space, page_numbers[paper.link_key]])
        index.append(pdf_blocks.Run("run", tuple(spans)))
    return [[opening], contents, index]


def _booktitle(spec: VolumeSpec) -> str:
    return f"{spec.title} ({spec.short_name})" if spec.short_name not in spec.title else spec.title


def _bib_entry(spec: VolumeSpec, paper: PlacedPaper) -> dict:
    return bibtex_entry(
        paper,
        slug=spec.slug,
        booktitle=_booktitle(spec),
        year=spec.year,
        editors=spec.editors,
        venue=spec.venue,
        url=f"{spec.site_url.rstrip('/')}/{spec.slug}/papers/{paper.entry.number}/",
        non_archival="" if spec.archival else spec.non_archival_entry,
    )


def paper_job(spec: VolumeSpec, paper: PlacedPaper, staging: Path) -> dict:
    from .pdf import stamp as pdf_stamp  # noqa: PLC0415 -- loaded with a build, see build_volume

    stamp = pdf_stamp.Stamp(
        header_left=spec.short_name,
        header_right=paper.entry.track_name,
        first_page=paper.first_page,
        citation=citation(paper, booktitle=_booktitle(spec), year=spec.year),
    )
    return {
        "source": str(paper.entry.source),
        "target": str(staging / "papers" / paper_file_name(paper.entry.number)),
        "stamp": asdict(stamp),
        "title": paper.entry.title,
        "author": author_list(paper.entry.authors),
        "subject": _booktitle(spec),
        "keywords": spec.short_name,
    }


def _manifest(spec, placed, volume_parts, *, front_pages: int, pages: int, staging: Path) -> dict:
    return {
        "edition": spec.slug,
        "title": spec.title,
        "volume": VOLUME_FILE,
        "bibtex": BIBTEX_FILE,
        "pages": pages,
        "front_matter_pages": front_pages,
        "sha256": file_sha256(staging / VOLUME_FILE),
        "parts": [{"track": part.track_kind, "title": part.title} for part in volume_parts],
        "papers": [
            {
                "number": p.entry.number,
                "track": p.entry.track_kind,
                "title": p.entry.title,
                "authors": [a.name for a in p.entry.authors],
                "first_page": p.first_page,
                "last_page": p.last_page,
                "pdf": f"papers/{paper_file_name(p.entry.number)}",
                "bibtex": f"papers/{paper_bib_name(p.entry.number)}",
            }
            for p in placed
        ],
        "skipped": spec.skipped,
    }


def clear_leftovers(target: Path) -> None:
    """Remove staging folders of builds that died, and the folder a swap replaced."""
    prefix = f".{target.name}{STAGING_MARK}"
    for leftover in target.parent.iterdir():
        if leftover.name.startswith(prefix) or leftover.name == f".{target.name}.replaced":
            shutil.rmtree(leftover, ignore_errors=True)


def swap_in(staging: Path, target: Path) -> None:
    """Make `staging` the content of `target` in one step, then drop what was there before.

    An existing folder is exchanged atomically (Linux renameat2 RENAME_EXCHANGE); readers see either the
    whole old volume or the whole new one. Where that call is missing, the old folder is renamed aside
    first, which leaves a moment without a volume but never a half one.
    """
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)
        return
    replaced = target.parent / f".{target.name}.replaced"
    os.rename(target, replaced)
    os.rename(staging, target)
    shutil.rmtree(replaced)


def _exchange(first: Path, second: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result != 0:
        errno = ctypes.get_errno()
        # EINVAL/ENOSYS: the file system or kernel cannot exchange; anything else is a real failure.
        if errno in (22, 38):
            return False
        raise OSError(errno, os.strerror(errno), str(second))
    return True
