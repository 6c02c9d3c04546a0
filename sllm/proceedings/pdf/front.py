"""The front matter: HTML laid out by WeasyPrint (imported lazily: it is slow to import, and only builds on
the `pdf` queue need it; a worker imports it once and reuses it for every build).

WeasyPrint holds the layout of every page of a document until it writes the PDF, so one document of the
whole front matter grows with the volume (about 2 MiB a page; the table of contents and the author index
of 2,000 papers fill over a hundred pages). `render_flows` lays the front matter out in pieces of a
bounded size instead, page for page the same as one long layout, and hands over their PDFs one by one (the
paper worker copies them into the volume in turn, so nothing ever holds the whole front matter):

- Each flow (a run of sections that starts on a new page) is laid out on its own, in chunks of blocks.
- A chunk that stops before the end of its flow keeps its pages but the last, partly filled one: the
  blocks on that page, or the rest of a paragraph that runs onto it, open the next chunk, which so starts
  on a fresh page exactly where the long layout would turn the page.
- Page numbers run on from piece to piece (`counter-reset` of the page counter on each piece's first page).

Links to the volume's pages (`LINK_SCHEME`: an entry of the contents, a page number in the index) are not
written into the pieces' PDFs: each is handed over beside them as a `VolumeLink`, with the rectangle
WeasyPrint would give its annotation, and the paper worker writes the annotation itself. A page of the
author index of 2,000 papers holds over 600 of them, and qpdf takes some 5 KB for each one it reads. The
index's page numbers are not even elements: they are laid out as plain text and their rectangles measured
on their lines afterwards (`links.run_links`), which keeps a page of the index as light to lay out as one of
the contents.
"""

import gc
import logging
from dataclasses import dataclass
from pathlib import Path

from . import links
from .blocks import SPACES, Block, Piece, Run, VolumeLink, non_space

logger = logging.getLogger(__name__)

# A chunk aims at about this many pages, and at most this many boxes (the memory of a layout goes with
# its boxes: a page of the contents holds some 170, one of the author index some 110): small enough that
# a chunk of the contents of 2,000 papers takes no more memory than the few opening pages every volume
# has, large enough that the one page a chunk lays out again (its last) costs little.
CHUNK_PAGES = 4
CHUNK_BOXES = 3000
_FIRST_GUESS = 12_000  # characters of HTML in a first chunk; later chunks are sized by the pages it made


@dataclass(frozen=True)
class FrontMatter:
    parts: tuple[bytes, ...]  # the PDF of each layout it was made of, in order
    pages: int
    anchors: dict[str, int]  # the 0-based page of each element id, for the bookmarks
    links: tuple[tuple[VolumeLink, ...], ...] = ()  # of each part: its links to the volume's pages

    @property
    def pieces(self) -> int:
        return len(self.parts)


def render_whole(blocks: list[Block], *, stylesheet: Path, base_url: str, page_size: str) -> FrontMatter:
    """The blocks in one layout (its memory grows with its pages): the reference the pieces of
    `render_flows` are held to by the tests and the benchmark."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=_html_document(blocks, _whole(blocks)), base_url=base_url).render(
        stylesheets=[weasyprint.CSS(filename=str(stylesheet)), _page_css(weasyprint, page_size)]
    )
    ((data, count, anchors, links),) = _parts(document, len(document.pages), first_page=0, flow=blocks)
    return FrontMatter((data,), count, anchors, (links,))


def render_flows(
    flows: list[list[Block]],
    *,
    stylesheet: Path,
    base_url: str,
    page_size: str,
    chunk_pages: int = CHUNK_PAGES,
    chunk_boxes: int = CHUNK_BOXES,
) -> FrontMatter:
    """The flows one after the other, each from a new page, laid out in chunks of about `chunk_pages`."""
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration  # WeasyPrint loads with a build

    # Made once for all pieces: each would otherwise load the fonts and the system's certificates anew.
    fonts, fetcher = FontConfiguration(), weasyprint.URLFetcher()
    layout = _Layout(
        weasyprint,
        fonts,
        fetcher,
        [
            weasyprint.CSS(filename=str(stylesheet), font_config=fonts, url_fetcher=fetcher),
            weasyprint.CSS(string=f"@page {{ size: {page_size} }}", url_fetcher=fetcher),
        ],
        base_url,
    )
    pieces: list[tuple[bytes, tuple[VolumeLink, ...]]] = []
    anchors: dict[str, int] = {}
    pages = 0
    # Each chunk's layout is freed by a full collection (see _flow_pieces); the objects alive before the
    # first (Django, WeasyPrint, the volume's data) are set aside so that it only walks the new ones.
    gc.collect()
    gc.freeze()
    try:
        for flow in flows:
            try:
                flow_pieces = list(
                    _flow_pieces(layout, flow, first_page=pages, chunk_pages=chunk_pages, chunk_boxes=chunk_boxes)
                )
            except _NotExact as error:
                # Never a page that differs from the long layout: this flow is laid out whole instead.
                logger.warning("The front matter is laid out in one piece from page %d: %s", pages + 1, error)
                flow_pieces = _whole_flow(layout, flow, first_page=pages)
            for data, count, found, links in flow_pieces:
                pieces.append((data, links))
                for name, page in found.items():
                    anchors.setdefault(name, page)
                pages += count
    finally:
        gc.unfreeze()
    return FrontMatter(tuple(data for data, _ in pieces), pages, anchors, tuple(links for _, links in pieces))


def _weasyprint():
    # WeasyPrint reports every layout step at INFO (its own stylesheets on import, too); a build's own
    # progress says enough.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint  # slow import, needed only by builds on the pdf queue

    return weasyprint


def _page_css(weasyprint, page_size: str):
    return weasyprint.CSS(string=f"@page {{ size: {page_size} }}")


def _anchors(pages, *, first: int) -> dict[str, int]:
    anchors: dict[str, int] = {}
    for index, page in enumerate(pages):
        for name in page.anchors:
            anchors.setdefault(name, first + index)
    return anchors


@dataclass
class _Layout:
    weasyprint: object
    fonts: object
    fetcher: object
    stylesheets: list
    base_url: str

    def render(self, html: str, *, first_page: int, resumed: bool):
        # The printed page number runs on from the pieces before. A piece that resumes a flow starts
        # where the long layout turns a page without a forced break; there WeasyPrint truncates the
        # margin above the first block, on the first page of a document it does not.
        extra = f"@page :first {{ counter-reset: page {first_page + 1} }}"
        if resumed:
            extra += " body > :first-child { margin-top: 0 }"
        stylesheets = [
            *self.stylesheets,
            self.weasyprint.CSS(string=extra, font_config=self.fonts, url_fetcher=self.fetcher),
        ]
        return self.weasyprint.HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher).render(
            stylesheets=stylesheets, font_config=self.fonts
        )


class _NotExact(Exception):
    """A chunk's last page begins with text the resumed paragraph would not begin with."""


def _whole_flow(layout: _Layout, flow: list[Block], *, first_page: int) -> list[tuple]:
    document = layout.render(_html_document(flow, _whole(flow)), first_page=first_page, resumed=False)
    return _parts(document, len(document.pages), first_page=first_page, flow=flow)


def _whole(flow: list[Block]) -> list[Piece]:
    return [Piece(block) for block in range(len(flow))]


def _html_document(flow: list[Block], pieces: list[Piece]) -> str:
    body = "\n".join(_piece_html(flow, piece) for piece in pieces)
    return f'<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"></head>\n<body>\n{body}\n</body>\n</html>\n'


def _parts(
    document, keep: int, *, first_page: int, flow: list[Block], pieces: list[Piece] | None = None
) -> list[tuple[bytes, int, dict[str, int], tuple]]:
    """(PDF, pages, anchors, links to the volume) of the first `keep` pages of a layout of `pieces` of
    the flow (all of it by default)."""
    pages = document.pages[:keep]
    found = [*links.take_volume_links(pages), *links.run_links(pages, flow, pieces or _whole(flow))]
    found.sort(key=lambda link: link.page)  # stable: on each page, the elements' links, then the runs'
    return [(document.copy(pages).write_pdf(), keep, _anchors(pages, first=first_page), tuple(found))]


def _flow_pieces(layout: _Layout, flow: list[Block], *, first_page: int, chunk_pages: int, chunk_boxes: int):
    """(PDF, pages, anchors, links to the volume) of each chunk of the flow, in order."""
    position = (0, 0)
    budget = _FIRST_GUESS
    while True:
        chunk, size = _chunk(flow, position, budget)
        at_end = chunk[-1].block == len(flow) - 1 and chunk[-1].stop is None
        html = _html_document(flow, chunk)
        document = layout.render(html, first_page=first_page, resumed=position != (0, 0))
        if at_end:
            keep, following = len(document.pages), None
        else:
            keep, following = _cut(document, flow, chunk)
            if keep == 0:  # one page or less: lay out a larger chunk (this one freed first)
                del document
                gc.collect()
                budget *= 2
                continue
        made = len(document.pages)
        boxes = sum(1 for page in document.pages for _ in page._page_box.descendants())
        pieces = _parts(document, keep, first_page=first_page, flow=flow, pieces=chunk)
        # A layout is a graph of boxes with cycles: free it now, before the next chunk's layout, rather
        # than when the collector next gets round to it.
        del document
        gc.collect()
        yield from pieces
        if following is None:
            return
        budget = max(1, round(size * min(chunk_pages / made, chunk_boxes / boxes)))
        first_page += keep
        position = following


def _chunk(flow: list[Block], position: tuple[int, int], budget: int) -> tuple[list[Piece], int]:
    """The pieces of a chunk from `position` (block, non-space characters of it already laid out) on,
    about `budget` characters of HTML; a run is cut after a span if it would exceed the budget."""
    block, start = position
    pieces, size = [], 0
    while block < len(flow) and size < budget:
        item = flow[block]
        if isinstance(item, Run):
            stop, length = 0, 0
            while stop < len(item.spans) and size + length < budget:
                length += len(item.spans[stop].text) + len(item.spans[stop].start_tag) + 20
                stop += 1
            pieces.append(Piece(block, start, None if stop == len(item.spans) else stop))
            size += length
        else:
            pieces.append(Piece(block))
            size += len(item)
        block, start = block + 1, 0
    return pieces, size


def _piece_html(flow: list[Block], piece: Piece) -> str:
    item = flow[piece.block]
    html = item if isinstance(item, str) else item.html(start=piece.start, stop=piece.stop)
    return html.replace(">", f' data-piece="{piece.block}">', 1)


def _cut(document, flow: list[Block], chunk: list[Piece]) -> tuple[int, tuple[int, int] | None]:
    """How many pages of a chunk to keep, and where the next chunk starts; (0, None) when no page is sure.

    The last page is never kept: the blocks after the chunk may belong on it. Neither is the page before
    it when the chunk ends in a run cut short that runs onto the last page with too few lines to know
    that the widows rule did not pull a line over from the page before.
    """
    from weasyprint.formatting_structure import boxes  # WeasyPrint loads with a build

    pages = [_page_pieces(page, boxes) for page in document.pages]
    cut = len(pages) - 1
    last = chunk[-1]
    if last.stop is not None:
        spans_pages = [index for index, found in enumerate(pages) if last.block in found]
        lines_after = sum(pages[index][last.block][0] for index in spans_pages if index >= cut)
        widows = 2  # WeasyPrint's default, which volume.css keeps
        if spans_pages and spans_pages[0] < cut and lines_after <= widows:
            cut -= 1
    by_block = {piece.block: piece for piece in chunk}
    while cut > 0:
        if not pages[cut]:
            cut -= 1
            continue
        first = next(iter(pages[cut]))
        earlier = [index for index in range(cut) if first in pages[index]]
        piece = by_block[first]
        if not earlier:
            return cut, (first, piece.start)
        if isinstance(flow[first], Run):
            resume = piece.start + sum(pages[index][first][1] for index in earlier)
            line = pages[cut][first][2]
            if not flow[first].non_space_text().startswith(line, resume):
                raise _NotExact(f"the page would begin {line[:40]!r}")
            return cut, (first, resume)
        cut = earlier[0]  # a block laid out whole runs over the turn of the page: start the next chunk with it
    return 0, None


def _page_pieces(page, boxes) -> dict[int, tuple[int, int, str]]:
    """For each piece on the page, in order: its lines there, their non-space characters, and the
    non-space characters of the first line."""
    found: dict[int, tuple[int, int, str]] = {}
    for block, child in links.piece_boxes(page):
        lines = [box for box in child.children if isinstance(box, boxes.LineBox)]
        texts = ["".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox)) for line in lines]
        first_line = "".join(texts[:1]).translate(SPACES)
        found[block] = (len(lines), sum(map(non_space, texts)), first_line)
    return found
