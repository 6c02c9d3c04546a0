"""Build a volume from plain inputs into a fresh folder, then swap it in whole.

No ORM here: the services hand over a `VolumeSpec`, so the command, the Celery job and the benchmark run
the very same code. A build that fails or is killed leaves its staging folder behind and the previous
volume untouched; the next build clears such leftovers.
"""

import ctypes
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.template.loader import render_to_string

from . import pdf
from .volume import (
    PaperEntry, PlacedPaper, author_index, author_list, bibtex, bibtex_entry, citation, outline, parts,
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


def paper_file_name(number: int) -> str:
    return f"paper-{number}.pdf"


def paper_bib_name(number: int) -> str:
    return f"paper-{number}.bib"


def build_volume(spec: VolumeSpec, target: Path, progress: Progress = lambda step, done, total: None,
                 timings: dict | None = None) -> dict:
    """Write the volume, the stamped papers, the BibTeX and a manifest to `target`; returns the manifest.

    `timings`, when given, receives the seconds of each step (front matter, stamping, merging).
    """
    timings = {} if timings is None else timings
    clock = time.perf_counter()
    if not spec.papers:
        raise ValueError("There are no papers to put in the volume.")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(target)
    staging = target.parent / f".{target.name}{STAGING_MARK}{uuid.uuid4().hex}"
    (staging / "papers").mkdir(parents=True)
    placed = place_papers(spec.papers)
    total = 2 * len(placed) + 2
    progress("Front matter", 0, total)
    volume_parts = parts(placed)
    bib_entries = []
    with tempfile.TemporaryDirectory() as scratch, _front_matter(spec, placed, volume_parts, Path(scratch)) as front_job:
        progress("Stamping papers", 1, total)
        for done, paper in enumerate(placed, start=2):
            entry = _bib_entry(spec, paper)
            bib_entries.append(entry)
            _stamp_paper(spec, paper, staging / "papers" / paper_file_name(paper.entry.number))
            (staging / "papers" / paper_bib_name(paper.entry.number)).write_text(bibtex([entry]))
            progress("Stamping papers", done, total)
        timings["stamping_s"] = time.perf_counter() - clock
        front, anchors = front_job.result()
        timings["front_matter_s"] = front_job.seconds
    clock = time.perf_counter()
    front_pages = pdf.front_matter_page_count(front)
    sections = [(title, anchors[key]) for key, title in _FRONT_SECTIONS if key in anchors]
    merged_before = len(placed) + 1
    pages = pdf.assemble_volume(
        front=front,
        papers=[staging / "papers" / paper_file_name(p.entry.number) for p in placed],
        target=staging / VOLUME_FILE,
        outline=outline(front_sections=sections, front_pages=front_pages, volume_parts=volume_parts),
        link_pages={p.link_key: front_pages + p.first_page - 1 for p in placed},
        metadata=pdf.VolumeMetadata(
            title=spec.title, author=", ".join(spec.editors), subject=spec.name,
            keywords=f"{spec.short_name}, proceedings", moment=spec.moment,
        ),
        progress=lambda done: progress("Merging the volume", merged_before + done, total),
    )
    (staging / BIBTEX_FILE).write_text(bibtex(bib_entries))
    manifest = _manifest(spec, placed, volume_parts, front_pages=front_pages, pages=pages, staging=staging)
    (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    swap_in(staging, target)
    timings["merging_s"] = time.perf_counter() - clock
    progress("Done", total, total)
    return manifest


_FRONT_SECTIONS = [
    ("title", "Title page"), ("preface", "Preface"), ("organizers", "Organizers"),
    ("committee", "Program committee"), ("contents", "Contents"), ("index", "Author index"),
]


class _FrontMatterJob:
    """WeasyPrint in a child process: layout is the slowest step and needs no input but the HTML."""

    def __init__(self, html: str, scratch: Path, page_size: str):
        source = scratch / "front.html"
        source.write_text(html)
        self.out = scratch / "front.pdf"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sllm.proceedings.pdf", str(source), str(self.out), str(STYLESHEET), page_size],
            cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stderr.close()

    def result(self) -> tuple[bytes, dict[str, int]]:
        _, errors = self.process.communicate()
        if self.process.returncode != 0:
            raise RuntimeError(f"The front matter failed to render: {errors.decode(errors='replace')[-2000:]}")
        sidecar = json.loads(self.out.with_name(self.out.name + ".anchors.json").read_text())
        self.seconds = sidecar["seconds"]
        return self.out.read_bytes(), sidecar["anchors"]


def _front_matter(spec: VolumeSpec, placed: list[PlacedPaper], volume_parts, scratch: Path) -> _FrontMatterJob:
    context = {
        "spec": spec,
        "parts": volume_parts,
        "index": author_index(placed),
        "preface": [p.strip() for p in spec.preface.split("\n\n") if p.strip()],
        "link_scheme": pdf.LINK_SCHEME,
    }
    return _FrontMatterJob(render_to_string("proceedings/front_matter.html", context), scratch, spec.page_size)


def _booktitle(spec: VolumeSpec) -> str:
    return f"{spec.title} ({spec.short_name})" if spec.short_name not in spec.title else spec.title


def _bib_entry(spec: VolumeSpec, paper: PlacedPaper) -> dict:
    return bibtex_entry(
        paper, slug=spec.slug, booktitle=_booktitle(spec), year=spec.year, editors=spec.editors,
        venue=spec.venue, url=f"{spec.site_url.rstrip('/')}/{spec.slug}/papers/{paper.entry.number}/",
    )


def _stamp_paper(spec: VolumeSpec, paper: PlacedPaper, target: Path) -> None:
    stamp = pdf.Stamp(
        header_left=spec.short_name,
        header_right=paper.entry.track_name,
        first_page=paper.first_page,
        citation=citation(paper, booktitle=_booktitle(spec), year=spec.year),
    )
    with pdf.open_pdf(paper.entry.source) as document:
        pdf.stamp_pdf(document, stamp)
        pdf.set_page_labels(document, first_page=paper.first_page)
        pdf.set_metadata(
            document, title=paper.entry.title, author=author_list(paper.entry.authors),
            subject=_booktitle(spec), keywords=spec.short_name, moment=spec.moment,
        )
        pdf.save(document, target)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(spec, placed, volume_parts, *, front_pages: int, pages: int, staging: Path) -> dict:
    return {
        "workshop": spec.slug,
        "title": spec.title,
        "volume": VOLUME_FILE,
        "bibtex": BIBTEX_FILE,
        "pages": pages,
        "front_matter_pages": front_pages,
        "sha256": _sha256(staging / VOLUME_FILE),
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
