"""The paper worker: stamps every paper, writes its PDF, and writes the volume from the very same
objects as it goes, in a process of its own while the parent lays out the front matter.

Each paper is read once: stamped in memory, its pages (and all they reach) written out at once to the
volume's file and to the paper's own file (`writer`), its catalog to the paper's file alone, and closed.
Only the file offsets of the volume's objects and the numbers of its pages stay in memory, so the worker's
memory does not grow with the volume. The front matter comes last, in the pieces it was laid out in: its
page count is known only once it is laid out; its pages are written after the papers' but come first in
the page tree.

Protocol: `python -m sllm.proceedings.pdf JOB.json`. The worker prints `stamped N` after each paper, then
reads one JSON line on stdin (the front matter's pieces, outline, links and metadata), finishes the volume
(the job names its file) and prints `done {json}` with its page count, timings (wall and CPU) and its own
peak memory.
`PaperWorker` is the parent's side.
"""

import json
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary

from . import (
    STAMP_FONT_KEY,
    FontWidths,
    OutlineNode,
    VolumeMetadata,
    document_info,
    set_page_labels,
    write_stamp_font,
)
from .copier import Copier
from .outline import outline_items
from .stamp import Stamp, stamp_pdf
from .writer import VolumeWriter

PROJECT_ROOT = Path(__file__).resolve().parents[3]


# --- the parent's side --------------------------------------------------------------------------------


def write_job(directory: Path, *, papers: Iterable[dict], moment: datetime, volume: Path) -> dict:
    """The worker's job: the papers one JSON line each (the worker reads one at a time), the stamp font,
    the moment of the document dates and the volume's file."""
    lines = directory / "papers.jsonl"
    _write_json_lines(lines, papers)
    font = write_stamp_font(directory / "stamp-font.pdf")
    return {"papers": str(lines), "stamp_font": str(font), "moment": moment.isoformat(), "volume": str(volume)}


def finish_message(
    directory: Path,
    *,
    front: list[tuple[Path, list[tuple[int, tuple[float, ...], int]]]],
    front_pages: int,
    outline: list[OutlineNode],
    metadata: VolumeMetadata,
) -> dict:
    """The worker's last instruction: the front matter (the PDF of each piece, in order, with its links to the
    volume's pages: page in the piece, rectangle, 0-based page of the volume; and its page count), the
    bookmarks and the volume's metadata. Links and bookmarks go to files, one JSON line each, which the
    worker reads as it writes (the bookmarks twice: see outline.py)."""
    pieces = []
    for index, (pdf, links) in enumerate(front):
        links_file = directory / f"front-{index}.links.jsonl"
        _write_json_lines(links_file, links)
        pieces.append([str(pdf), str(links_file)])
    bookmarks = directory / "outline.jsonl"
    _write_json_lines(bookmarks, outline_items(outline))
    return {
        "front": pieces,
        "front_pages": front_pages,
        "outline": str(bookmarks),
        "metadata": {**asdict(metadata), "moment": metadata.moment.isoformat()},
    }


def _write_json_lines(path: Path, items: Iterable) -> None:
    with path.open("w") as out:
        out.writelines(json.dumps(item) + "\n" for item in items)


class PaperWorker:
    """Starts the worker on `papers` (dicts: source, target, stamp, title, author, subject, keywords, written
    to a file one at a time: a generator need never hold them all); it writes the volume to `volume`."""

    def __init__(self, *, papers: Iterable[dict], moment: datetime, volume: Path, scratch: Path):
        self.scratch = scratch
        job = scratch / "job.json"
        job.write_text(json.dumps(write_job(scratch, papers=papers, moment=moment, volume=volume)))
        self.errors = (scratch / "papers.err").open("w+b")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sllm.proceedings.pdf", str(job)],
            cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )
        self.result: dict = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.errors):
            if stream and not stream.closed:
                stream.close()

    def finish(self, **volume) -> None:
        """Hand over what the volume needs besides the papers (see finish_message); the worker writes it once
        it has them all."""
        message = finish_message(self.scratch, **volume)
        try:
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.close()
        except BrokenPipeError:
            self._fail()

    def progress(self) -> Iterator[int]:
        """The number of papers done, as they are done; then the volume is written and `result` is set."""
        for line in self.process.stdout:
            word, _, rest = line.partition(" ")
            if word == "stamped":
                yield int(rest)
            elif word == "done":
                self.result = json.loads(rest)
        if self.process.wait() != 0 or not self.result:
            self._fail()

    def _fail(self):
        self.process.wait()
        self.errors.seek(0)
        errors = self.errors.read().decode(errors="replace")[-2000:]
        raise RuntimeError(f"Stamping the papers failed: {errors}")


# --- the worker ---------------------------------------------------------------------------------------


def _json_lines(path: str) -> Iterator:
    with open(path) as lines:
        yield from map(json.loads, lines)


def _add_links(front: pikepdf.Pdf, writer: VolumeWriter, copier: Copier, links: str) -> None:
    """The piece's links to pages of the volume, written as link annotations. A page of the author index has
    hundreds: each page's /Annots becomes one array object written here (with the annotations it had), which
    the page names through a stand-in, so nothing is held for each link."""
    added: dict[int, list[int]] = {}
    for page, rect, target in _json_lines(links):
        number = writer.reserve()
        writer.write_object(
            number,
            b"<< /Type /Annot /Subtype /Link /Rect [%s] /BS << /W 0 >> /Dest [%d 0 R /Fit] >>"
            % (b" ".join(b"%.4f" % value for value in rect), writer.page(target)),
        )
        added.setdefault(page, []).append(number)
    for page, numbers in added.items():
        obj = front.pages[page].obj
        had = [copier.reference(annotation) for annotation in obj.get("/Annots", Array())]
        annotations = writer.reserve()
        writer.write_object(annotations, b"[%s]" % b" ".join(b"%d 0 R" % number for number in [*had, *numbers]))
        stand_in = front.make_indirect(Dictionary())
        copier.alias(stand_in, annotations)
        obj.Annots = stand_in


def peak_rss_mib(status: Path = Path("/proc/self/status")) -> float | None:
    """This process's own peak resident memory (VmHWM). getrusage's ru_maxrss is no measure for a process
    started by fork and exec: Linux carries the parent's peak over into the child's figure."""
    try:
        text = status.read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def run(job: dict, commands, say) -> None:
    clock, cpu_clock = time.perf_counter(), time.process_time()
    moment = datetime.fromisoformat(job["moment"])
    with VolumeWriter(Path(job["volume"])) as writer:
        _write_papers(writer, job, moment, say)
        stamped, stamped_cpu = time.perf_counter(), time.process_time()
        papers_peak = peak_rss_mib()  # before the front matter and the volume's end are written
        finish = json.loads(commands.readline())
        received, received_cpu = time.perf_counter(), time.process_time()
        _write_front_matter(writer, finish)
        meta = finish["metadata"]
        writer.finish(
            outline=lambda: _json_lines(finish["outline"]),
            info=document_info(
                title=meta["title"],
                author=meta["author"],
                subject=meta["subject"],
                keywords=meta["keywords"],
                moment=datetime.fromisoformat(meta["moment"]),
            ),
        )
        page_count = writer.page_count
    written, written_cpu = time.perf_counter(), time.process_time()
    say(
        "done "
        + json.dumps(
            {
                "pages": page_count,
                "stamping_s": stamped - clock,
                "waiting_s": received - stamped,
                "merging_s": written - received,
                # CPU seconds of this process: on a shared machine they vary far less than the above.
                "stamping_cpu_s": stamped_cpu - cpu_clock,
                "merging_cpu_s": written_cpu - received_cpu,
                "papers_peak_rss_mib": papers_peak,
                "peak_rss_mib": peak_rss_mib(),
            }
        )
    )


def _open(path: str) -> pikepdf.Pdf:
    # Memory-mapped: otherwise qpdf reads the file through a Python file object, one call for each read,
    # which cost a build a quarter of its time.
    return pikepdf.open(path, access_mode=pikepdf.AccessMode.mmap)


def _write_papers(writer: VolumeWriter, job: dict, moment: datetime, say) -> None:
    # The stamp font comes made (see write_stamp_font): the volume and every paper hold it once, under
    # the same numbers, and each paper's pages name it.
    with pikepdf.open(job["stamp_font"]) as fonts:
        volume_font = writer.copy_shared(fonts, fonts.Root[STAMP_FONT_KEY])
        widths = FontWidths.of(fonts.Root[STAMP_FONT_KEY])
    for done, paper in enumerate(_json_lines(job["papers"]), start=1):
        with _open(paper["source"]) as document:
            _write_paper(writer, document, paper, (volume_font, widths), moment)
        say(f"stamped {done}")


def _write_front_matter(writer: VolumeWriter, finish: dict) -> None:
    """The front matter comes in the pieces it was laid out in, each opened and closed in turn, with its links
    to pages of the volume, by their place, known from the announced page count."""
    writer.front_page_count = finish["front_pages"]
    for piece, links in finish["front"]:
        with _open(piece) as front:
            copier = writer.copier(front)
            _add_links(front, writer, copier, links)
            writer.front_pages.extend(copier.add_pages(front.pages))
            copier.flush()


def _write_paper(
    writer: VolumeWriter, document: pikepdf.Pdf, paper: dict, stamp_font: tuple[int, FontWidths], moment: datetime
) -> None:
    """Stamps the paper in memory and writes its objects to the volume and to its own file at once."""
    volume_font, widths = stamp_font
    # The stamp names the font through a stand-in that the copier writes as the shared font.
    font = document.make_indirect(Dictionary())
    stamp_pdf(document, Stamp(**paper["stamp"]), font, widths)
    set_page_labels(document, first_page=paper["stamp"]["first_page"])
    if "/Metadata" in document.Root:
        del document.Root.Metadata  # an XMP packet carries its own dates; the document info has fixed ones
    with writer.paper(Path(paper["target"]), document.pdf_version) as paper_file:
        copier = writer.copier(document, {font.objgen: volume_font}, paper=paper_file)
        pages = copier.add_pages(document.pages)
        copier.flush()
        writer.paper_pages.extend(pages)
        # The catalog (its outline, names, forms ...) and what only it reaches go to the paper's file alone.
        own = paper_file.copier(document, copier.numbers)
        root = own.reference(document.Root)
        own.flush()
        info = {key: paper[key] for key in ("title", "author", "subject", "keywords")}
        paper_file.finish(pages=pages, root=root, info=document_info(**info, moment=moment))


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    job = json.loads(Path(args[0]).read_text())

    def say(line: str) -> None:
        print(line, flush=True)

    run(job, sys.stdin, say)
