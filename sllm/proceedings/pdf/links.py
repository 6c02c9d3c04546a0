"""Where the front matter's links to the volume's pages are on its pages, taken off a layout before it is
written (the paper worker writes their annotations itself; see front.py)."""

import bisect

from . import LINK_SCHEME
from .blocks import Block, Piece, Run, VolumeLink, non_space

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels and writes PDF points
_PANGO_SCALE = 1024


def take_volume_links(pages):
    """Takes the links to the volume's pages off the pages (WeasyPrint writes no annotation for them) and
    yields each with the rectangle WeasyPrint would have written: points, from the page's bottom left."""
    for index, page in enumerate(pages):
        kept = []
        for link in page.links:
            kind, target, (x1, y1, x2, y2), _box = link
            if kind == "external" and target.startswith(LINK_SCHEME):
                top = page.height * PX_TO_PT
                rect = (x1 * PX_TO_PT, top - y1 * PX_TO_PT, x2 * PX_TO_PT, top - y2 * PX_TO_PT)
                yield VolumeLink(index, rect, target[len(LINK_SCHEME) :])
            else:
                kept.append(link)
        page.links = kept


def piece_boxes(page):
    """(block of the flow, its box) of each piece on the page, in order."""
    root = page._page_box.children[0]
    body = next(child for child in root.children if child.element_tag == "body")
    for child in body.children:
        element = getattr(child, "element", None)
        if element is not None and element.get("data-piece") is not None:
            yield int(element.get("data-piece")), child


def run_links(pages, flow: list[Block], pieces: list[Piece]):
    """The links of the runs' link spans, each with the rectangle of its text on its line.

    A run lays its links out as plain text: an element for each (the page numbers of the author index,
    over 600 on one of its pages) would cost WeasyPrint a box, a style and a text layout each, and the
    layout of a page of the index several times the memory of one of the contents. The rectangle is the
    one WeasyPrint gives a link's inline box: from its text's first glyph to its last, the line's height.
    """
    from weasyprint.formatting_structure import boxes  # WeasyPrint loads with a build

    position = {piece.block: piece.start for piece in pieces}  # non-space characters of each run laid out before
    for index, page in enumerate(pages):
        top = page.height * PX_TO_PT
        for block, child in piece_boxes(page):
            run = flow[block]
            if not isinstance(run, Run) or not run.links[0]:
                continue
            starts, ends = run.links
            for line in child.children:
                if not isinstance(line, boxes.LineBox):
                    continue
                for box in line.descendants():
                    if not isinstance(box, boxes.TextBox):
                        continue
                    first, count = position[block], non_space(box.text)
                    found = range(bisect.bisect_left(starts, first), bisect.bisect_left(starts, first + count))
                    if found:
                        xs = _glyph_x(box, [(starts[i] - first, min(ends[i][0], first + count) - first) for i in found])
                        y1, y2 = box.position_y, box.position_y + box.margin_height()
                        for i, (x1, x2) in zip(found, xs, strict=True):
                            rect = (x1 * PX_TO_PT, top - y1 * PX_TO_PT, x2 * PX_TO_PT, top - y2 * PX_TO_PT)
                            yield VolumeLink(index, rect, ends[i][1])
                    position[block] = first + count


def _glyph_x(box, ranges: list[tuple[int, int]]) -> list[tuple[float, float]]:
    """The left and right edge of each range of the text box's non-space characters, as WeasyPrint draws
    them (justified lines included): Pango's position of the range's first and last character."""
    from weasyprint.text.ffi import ffi, pango  # WeasyPrint loads with a build

    index_to_pos = _pango_index_to_pos(ffi, pango)
    offsets, byte = [], 0  # the byte offset of each non-space character, as Pango indexes the text
    for char in box.text:
        if not char.isspace():
            offsets.append(byte)
        byte += len(char.encode())
    layout = box.pango_layout
    layout.reactivate(box.style)  # as WeasyPrint does to draw it: the text and the justification's spacing
    first, last = ffi.new("PangoRectangle *"), ffi.new("PangoRectangle *")
    edges = []
    for start, end in ranges:
        index_to_pos(layout.layout, offsets[start], first)
        index_to_pos(layout.layout, offsets[end - 1], last)
        edges.append((box.position_x + first.x / _PANGO_SCALE, box.position_x + (last.x + last.width) / _PANGO_SCALE))
    layout.deactivate()  # WeasyPrint reactivates it to draw it
    return edges


def _pango_index_to_pos(ffi, pango):
    """Pango's pango_layout_index_to_pos, which WeasyPrint's bindings do not declare."""
    try:
        return pango.pango_layout_index_to_pos
    except AttributeError:
        ffi.cdef("void pango_layout_index_to_pos (PangoLayout *layout, int index_, PangoRectangle *pos);")
        return pango.pango_layout_index_to_pos
