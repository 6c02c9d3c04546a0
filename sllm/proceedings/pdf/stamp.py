"""Stamping a paper: a small content stream appended to every page, with the header, the page number and,
on the first page, the citation line. Nothing of the page is re-rendered."""

from dataclasses import dataclass

import pikepdf
from pikepdf import Dictionary

from . import CITATION_SIZE, FOOTER_SIZE, HEADER_SIZE, STAMP_FONT, STAMP_GRAY, FontWidths, encode_text


@dataclass(frozen=True)
class Stamp:
    header_left: str
    header_right: str
    first_page: int  # the volume's page number of the paper's first page
    citation: str  # printed at the foot of the first page


def _literal(text: bytes) -> bytes:
    return b"(" + text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _fit(text: bytes, size: float, width: float, font: FontWidths) -> bytes:
    if font.width(text, size) <= width:
        return text
    while text and font.width(text + b"...", size) > width:
        text = text[:-1]
    return text.rstrip() + b"..."


def _text_at(text: bytes, size: float, x: float, y: float) -> bytes:
    return b"BT /SLLMStampF1 %g Tf %.2f %.2f Td %s Tj ET" % (size, x, y, _literal(text))


class _Layout:
    """Where the stamp goes on pages of one geometry (crop box and rotation); papers rarely have more than one,
    so the header is fitted and encoded once per paper, not once per page."""

    def __init__(self, box: tuple[float, ...], rotate: int, stamp: Stamp, font: FontWidths):
        x0, y0, x1, y1 = box
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
        # The matrix from upright reader coordinates to the page's user space.
        matrix = {
            0: (1, 0, 0, 1, x0, y0),
            90: (0, 1, -1, 0, x1, y0),
            180: (-1, 0, 0, -1, x1, y1),
            270: (0, -1, 1, 0, x0, y1),
        }[rotate]
        width, height = (y1 - y0, x1 - x0) if rotate in (90, 270) else (x1 - x0, y1 - y0)
        self.width, self.font, self.stamp = width, font, stamp
        self.margin = min(54.0, width / 8)
        left = _fit(encode_text(stamp.header_left), HEADER_SIZE, width / 2 - self.margin, font)
        right = _fit(encode_text(stamp.header_right), HEADER_SIZE, width / 2 - self.margin, font)
        self.opening = b"Q q %s cm %g g\n%s\n%s\n" % (
            " ".join(f"{v:g}" for v in matrix).encode(),
            STAMP_GRAY,
            _text_at(left, HEADER_SIZE, self.margin, height - 28),
            _text_at(right, HEADER_SIZE, width - self.margin - font.width(right, HEADER_SIZE), height - 28),
        )

    def content(self, number: int, first: bool) -> bytes:
        label = str(number).encode()
        lines = [self.opening, _text_at(label, FOOTER_SIZE, (self.width - self.font.width(label, FOOTER_SIZE)) / 2, 18)]
        if first:
            citation = _fit(encode_text(self.stamp.citation), CITATION_SIZE, self.width - 2 * self.margin, self.font)
            lines.append(
                b"\n"
                + _text_at(citation, CITATION_SIZE, (self.width - self.font.width(citation, CITATION_SIZE)) / 2, 46)
            )
        lines.append(b"\nQ\n")
        return b"".join(lines)


def stamp_pdf(pdf: pikepdf.Pdf, stamp: Stamp, font_object: Dictionary, font: FontWidths) -> None:
    """Append a small content stream to every page: header, page number, and the citation on page one.

    The page's own content is wrapped in q/Q first, so whatever graphics state it leaves behind (a
    scaled matrix, a white fill) cannot move or hide the stamp. `font_object` is the stamp font in `pdf`
    (or an object that stands for it, see papers.py), `font` its widths.
    """
    opening = pikepdf.Stream(pdf, b"q\n")
    layouts: dict[tuple, _Layout] = {}
    for index, page in enumerate(pdf.pages):
        # Pages sharing one resource dictionary all get the same font under the same name, which is harmless.
        resources = page.resources
        if not isinstance(resources.get("/Font"), Dictionary):
            resources.Font = Dictionary()
        resources.Font[STAMP_FONT] = font_object
        # Keyed by the box as written: numbers are read only for a geometry not seen before.
        box, rotate = page.cropbox, int(page.obj.get("/Rotate", 0)) % 360
        key = (box.unparse(), rotate)
        layout = layouts.get(key)
        if layout is None:
            layout = layouts[key] = _Layout(tuple(float(v) for v in box), rotate, stamp, font)
        page.contents_add(opening, prepend=True)
        page.contents_add(pikepdf.Stream(pdf, layout.content(stamp.first_page + index, index == 0)), prepend=False)
