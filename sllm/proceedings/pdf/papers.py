"""The paper worker: stamps every paper, writes its PDF, and assembles the volume from the very same
objects, in a process of its own while the parent lays out the front matter.

Each paper is read once: stamped in memory, its pages appended to the volume, then saved as the per-paper
PDF and closed. Appending copies the pages' stream data into the volume's memory (pikepdf opens every file
with qpdf's immediate copy), so no paper needs to stay open until the volume is written; what grows with
the volume is that copied data and the volume's objects, which qpdf keeps until it writes the volume. The
front matter comes last: its page count is known only once it is laid out, and it is placed in front of
the papers just before the one write of the volume.

Protocol: `python -m sllm.proceedings.pdf JOB.json`. The worker prints `stamped N` after each paper, then
reads one JSON line on stdin (the front matter, the volume's file, outline, links and metadata), writes
the volume and prints `done {json}` with its page count, timings (wall and CPU) and its own peak memory.
`PaperWorker` is the parent's side.
"""

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from . import LINK_SCHEME, STAMP_FONT, OutlineNode, VolumeMetadata, save, set_metadata, set_page_labels, stamp_font
from .stamp import Stamp, stamp_pdf

PROJECT_ROOT = Path(__file__).resolve().parents[3]


# --- the parent's side --------------------------------------------------------------------------------


class PaperWorker:
    """Starts the worker on `papers` (dicts: source, target, stamp, title, author, subject, keywords)."""

    def __init__(self, *, papers: list[dict], moment: datetime, scratch: Path):
        job = scratch / "papers.json"
        job.write_text(json.dumps({"papers": papers, "moment": moment.isoformat()}))
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

    def finish(
        self,
        *,
        front: Path,
        target: Path,
        outline: list[OutlineNode],
        link_pages: dict[str, int],
        metadata: VolumeMetadata,
    ) -> None:
        """Hand over what the volume needs besides the papers; the worker writes it once it has them all."""
        message = {
            "front": str(front),
            "target": str(target),
            "outline": [asdict(node) for node in outline],
            "link_pages": link_pages,
            "metadata": {**asdict(metadata), "moment": metadata.moment.isoformat()},
        }
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


def _outline_node(data: dict) -> OutlineNode:
    return OutlineNode(data["title"], data["page"], tuple(_outline_node(child) for child in data["children"]))


def _page_objects(volume: pikepdf.Pdf) -> Array:
    """The volume's pages by number, as the one flat /Kids array qpdf keeps while pages are appended and
    inserted. Each `volume.pages[n]` copies qpdf's list of all pages, so looking pages up that way for
    every paper, link and outline entry costs time quadratic in the volume's length."""
    kids = volume.Root.Pages.Kids
    if len(kids) != len(volume.pages):
        raise ValueError("the volume's page tree is not flat")
    return kids


def _outline_item(node: OutlineNode, pages: Array) -> pikepdf.OutlineItem:
    item = pikepdf.OutlineItem(node.title, Array([pages[node.page], Name.Fit]))
    item.children.extend(_outline_item(child, pages) for child in node.children)
    return item


def _resolve_links(pages: Array, front_pages: int, link_pages: dict[str, int]) -> None:
    """Front-matter links to `LINK_SCHEME + key` become links to page `link_pages[key]` (0-based); a key
    without a page is an error, so the table of contents can never ship with a dead link."""
    for index in range(front_pages):
        for annotation in pages[index].get("/Annots", Array()):
            action = annotation.get("/A")
            if annotation.get("/Subtype") != "/Link" or not isinstance(action, Dictionary):
                continue
            uri = str(action.get("/URI", ""))
            if not uri.startswith(LINK_SCHEME):
                continue
            key = uri[len(LINK_SCHEME) :]
            if key not in link_pages:
                raise ValueError(f"the front matter links to {key!r}, which is not in the volume")
            del annotation.A
            annotation.Dest = Array([pages[link_pages[key]], Name.Fit])


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
    font = stamp_font()
    # The stamp font is made once; each paper gets a copy, the volume keeps a single one for all pages.
    template = pikepdf.new()
    template_font = font.dictionary(template)
    volume = pikepdf.new()
    volume_font = volume.copy_foreign(template_font)
    try:
        for done, paper in enumerate(job["papers"], start=1):
            with pikepdf.open(paper["source"]) as document:
                stamp_pdf(document, Stamp(**paper["stamp"]), document.copy_foreign(template_font))
                set_page_labels(document, first_page=paper["stamp"]["first_page"])
                set_metadata(
                    document,
                    title=paper["title"],
                    author=paper["author"],
                    subject=paper["subject"],
                    keywords=paper["keywords"],
                    moment=moment,
                )
                start = len(volume.pages)
                volume.pages.extend(document.pages)
                save(document, Path(paper["target"]))
            pages = _page_objects(volume)
            for index in range(start, len(pages)):
                pages[index].Resources.Font[STAMP_FONT] = volume_font
            say(f"stamped {done}")
        stamped, stamped_cpu = time.perf_counter(), time.process_time()
        finish = json.loads(commands.readline())
        received, received_cpu = time.perf_counter(), time.process_time()
        with pikepdf.open(finish["front"]) as front:
            for index, page in enumerate(front.pages):
                volume.pages.insert(index, page)
            front_pages = len(front.pages)
            pages = _page_objects(volume)
            _resolve_links(pages, front_pages, finish["link_pages"])
            volume.Root.PageLabels = Dictionary(
                Nums=Array(
                    [
                        0,
                        Dictionary(S=Name.r),
                        front_pages,
                        Dictionary(S=Name.D, St=1),
                    ]
                )
            )
            volume.Root.PageMode = Name.UseOutlines
            with volume.open_outline() as tree:
                tree.root.extend(_outline_item(_outline_node(node), pages) for node in finish["outline"])
            meta = finish["metadata"]
            set_metadata(
                volume,
                title=meta["title"],
                author=meta["author"],
                subject=meta["subject"],
                keywords=meta["keywords"],
                moment=datetime.fromisoformat(meta["moment"]),
            )
            save(volume, Path(finish["target"]))
            page_count = len(volume.pages)
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
                    "peak_rss_mib": peak_rss_mib(),
                }
            )
        )
    finally:
        volume.close()
        template.close()


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    job = json.loads(Path(args[0]).read_text())

    def say(line: str) -> None:
        print(line, flush=True)

    run(job, sys.stdin, say)
