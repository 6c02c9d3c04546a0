"""Read what the detection needs from PyMuPDF into plain data: lines with position, size and weight,
the outline, and the size of the first page. Everything after this module is pure Python."""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pymupdf

from sllm.submissions.formats import paper_format

# Images are never looked at, so the extraction leaves them out.
_TEXT_FLAGS = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES
# Fonts often say "bold" only in their name (LaTeX's CMBX, Times' "Medi", Libertine's "TB").
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|-medi\b|cmbx|sfbx|libertinetb|\bbx", re.IGNORECASE)
_BOLD_SHARE = 0.6


@dataclass(frozen=True)
class TextLine:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # the font size carrying most of the line's characters
    bold: bool  # most of the line's characters are bold
    largest_size: float  # small capitals mix sizes: their capitals have the heading's full size


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[TextLine, ...]


@dataclass(frozen=True)
class OutlineEntry:
    level: int
    title: str
    page: int  # 1-based
    x: float | None  # where the destination points, top-left origin; None for a bare page target
    y: float | None


def read_pages(doc: pymupdf.Document) -> list[PageText]:
    pages = []
    for page in doc:
        rect = page.rect
        lines = []
        for block in page.get_text("dict", flags=_TEXT_FLAGS)["blocks"]:
            lines.extend(_block_lines(block))
        pages.append(PageText(page.number + 1, rect.width, rect.height, tuple(lines)))
    return pages


def read_outline(doc: pymupdf.Document) -> list[OutlineEntry]:
    entries = []
    for level, title, page, dest in doc.get_toc(simple=False):
        if page < 1:
            continue
        point = dest.get("to") if isinstance(dest, dict) else None
        x, y = (point.x, point.y) if point is not None else (None, None)
        entries.append(OutlineEntry(level, clean_text(title), page, x, y))
    return entries


def page_size_name(doc: pymupdf.Document) -> str:
    """Name the paper format of the first page as displayed: its crop box, turned by its /Rotate."""
    rect = doc[0].rect
    return paper_format(rect.width, rect.height) or "other"


def clean_text(text: str) -> str:
    # NFKC turns ligatures (fi, fl) and full-width forms into plain letters the patterns can match.
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _block_lines(block: dict) -> list[TextLine]:
    rows: list[list[dict]] = []
    for line in block.get("lines", ()):
        dx, dy = line["dir"]
        if abs(dy) > 0.01 or dx <= 0:
            continue  # vertical text is margin furniture (arXiv stamps, rotated tables), never a heading
        spans = [span for span in line["spans"] if span["text"].strip()]
        if not spans:
            continue
        # MuPDF sometimes splits "7   References" into two lines of one block; they share a baseline.
        if rows and abs(rows[-1][-1]["origin"][1] - spans[0]["origin"][1]) < 0.3 * spans[0]["size"]:
            rows[-1].extend(spans)
        else:
            rows.append(spans)
    return [_text_line(spans) for spans in rows]


@lru_cache(maxsize=256)
def _bold_font_name(font: str) -> bool:
    return bool(_BOLD_FONT.search(font))


def _joined_text(spans: list[dict]) -> str:
    # Spans carry their own spaces; a visible gap without one is a word break too (small caps, tabs).
    parts = [spans[0]["text"]]
    for previous, span in zip(spans, spans[1:], strict=False):
        gap = span["bbox"][0] - previous["bbox"][2]
        spaced = previous["text"].endswith(" ") or span["text"].startswith(" ")
        if gap > 0.2 * span["size"] and not spaced:
            parts.append(" ")
        parts.append(span["text"])
    return "".join(parts)


def _text_line(spans: list[dict]) -> TextLine:
    weight_by_size: dict[float, int] = {}
    bold_chars = total_chars = 0
    for span in spans:
        chars = len(span["text"].strip())
        total_chars += chars
        size = round(span["size"], 1)
        weight_by_size[size] = weight_by_size.get(size, 0) + chars
        if span["flags"] & pymupdf.TEXT_FONT_BOLD or _bold_font_name(span["font"]):
            bold_chars += chars
    return TextLine(
        text=clean_text(_joined_text(spans)),
        x0=min(span["bbox"][0] for span in spans),
        y0=min(span["bbox"][1] for span in spans),
        x1=max(span["bbox"][2] for span in spans),
        y1=max(span["bbox"][3] for span in spans),
        size=max(weight_by_size, key=weight_by_size.get),
        bold=bold_chars >= _BOLD_SHARE * total_chars,
        largest_size=max(weight_by_size),
    )
