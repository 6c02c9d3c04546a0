"""Which lines of a page are the paper's own text, how the page is split in columns, and what a reader
reads before what. Pure functions over `layout.PageText`."""

import re
from collections import Counter
from dataclasses import dataclass

from .layout import PageText, TextLine

# Running headers and footers live in the outer eighth of the page...
_MARGIN_BAND = 0.12
# ...set apart from the text by more than a line gap (in points)...
_MARGIN_GAP = 4.0
# ...and are no larger than body text, so a heading at the top of a page is never mistaken for one.
_MARGIN_MAX_SIZE_RATIO = 1.05
# Set apart there in a smaller size, a line is a header or footer even on one page only (alternating
# "Author et al." / "Title" headers repeat on every other page, so a short paper shows each once).
_MARGIN_SMALL_SIZE_RATIO = 0.92
# Page numbers, review line numbers, "Page 3 of 9", "- 4 -".
_NUMBER_ONLY = re.compile(
    r"^(?:\d{1,4}|(?:page\s+)?\d{1,4}\s*(?:/|of)\s*\d{1,4}|page\s+\d{1,4}|[-–]\s*\d{1,4}\s*[-–])$",
    re.IGNORECASE,
)
_ROMAN_ONLY = re.compile(r"^[ivxlc]{1,6}$", re.IGNORECASE)
# A section number set apart from its title ("5" then "References"), which MuPDF may give as its own line.
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[A-Z]|[IVX]{1,5})\.?$")


@dataclass(frozen=True)
class Position:
    """Where a heading starts: a line of the page, or the target point of an outline entry."""

    page: int
    x0: float
    y0: float
    x1: float
    line: TextLine | None = None


@dataclass(frozen=True)
class PageLayout:
    number: int
    width: float
    height: float
    two_columns: bool
    body: tuple[TextLine, ...]  # in reading order, without running headers, footers and page numbers

    def reading_rank(self, x0: float, x1: float, y0: float) -> tuple[int, float]:
        if not self.two_columns:
            return (0, y0)
        middle = self.width / 2
        if x1 <= middle + 2:
            return (1, y0)
        if x0 >= middle - 2:
            return (2, y0)
        # Full-width matter (title block, wide figures) is read before the columns when above them.
        return (0, y0) if y0 < self.height / 2 else (3, y0)

    def rank_of(self, position: Position) -> tuple[int, float]:
        return self.reading_rank(position.x0, position.x1, position.y0)

    def body_before(self, position: Position) -> bool:
        """Whether any of the paper's text is read before `position` on this page."""
        rank, y0 = self.rank_of(position)
        for line in self.body:
            if line is position.line:
                continue
            line_rank, line_y0 = self.reading_rank(line.x0, line.x1, line.y0)
            if line_rank < rank or (line_rank == rank and line_y0 < y0 - 1.0):
                return True
        return False

    def alone_on_its_line(self, line: TextLine) -> bool:
        """No other text of the same column shares the line (table cells do, headings don't)."""
        rank = self.reading_rank(line.x0, line.x1, line.y0)[0]
        for other in self.body:
            if other is line or self.reading_rank(other.x0, other.x1, other.y0)[0] != rank:
                continue
            if other.x1 <= line.x0 and _SECTION_NUMBER.match(other.text):
                continue
            overlap = min(line.y1, other.y1) - max(line.y0, other.y0)
            if overlap > 0.5 * min(line.y1 - line.y0, other.y1 - other.y0):
                return False
        return True


def body_font_size(pages: list[PageText]) -> float:
    """The font size carrying the median character of the document."""
    weights: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            weights[line.size] += len(line.text)
    if not weights:
        return 0.0
    halfway, running = sum(weights.values()) / 2, 0
    for size in sorted(weights):
        running += weights[size]
        if running >= halfway:
            return size
    return max(weights)


def lay_out(pages: list[PageText], body_size: float) -> list[PageLayout]:
    margins_by_page = [_margin_lines(page, body_size) for page in pages]
    pages_per_key = Counter(key for margins in margins_by_page for key in set(margins.values()))
    layouts = []
    for page, margins in zip(pages, margins_by_page, strict=True):
        body = [line for line in page.lines if not _is_furniture(line, margins, pages_per_key, body_size)]
        two_columns = _is_two_column(body, page.width)
        unordered = PageLayout(page.number, page.width, page.height, two_columns, ())
        body.sort(key=lambda line: unordered.reading_rank(line.x0, line.x1, line.y0))
        layouts.append(PageLayout(page.number, page.width, page.height, two_columns, tuple(body)))
    return layouts


def _is_furniture(
    line: TextLine, margins: dict[int, tuple[str, str]], pages_per_key: Counter, body_size: float
) -> bool:
    if _NUMBER_ONLY.match(line.text):
        return True
    key = margins.get(id(line))
    if key is None:
        return False
    return (
        pages_per_key[key] >= 2
        or line.largest_size <= _MARGIN_SMALL_SIZE_RATIO * body_size
        or bool(_ROMAN_ONLY.match(line.text))
    )


def _is_two_column(lines: list[TextLine], width: float) -> bool:
    # Two columns leave the middle of the page empty: text sits left or right of it, little crosses it.
    # Counting characters rather than a balance of both sides keeps a last page whose right column holds
    # only a heading and two references two-column.
    middle = width / 2
    left = crossing = 0
    right_side = False
    for line in lines:
        if line.x1 <= middle + 2:
            left += len(line.text)
        elif line.x0 >= middle - 2:
            right_side = right_side or any(char.isalpha() for char in line.text)
        else:
            crossing += len(line.text)
    return right_side and left > crossing


def _margin_lines(page: PageText, body_size: float) -> dict[int, tuple[str, str]]:
    """Lines that could be a running header or footer (by id), each keyed by its text sans numbers."""
    found = {}
    for line in page.lines:
        if line.bold or line.size > _MARGIN_MAX_SIZE_RATIO * body_size:
            continue
        if line.y1 <= _MARGIN_BAND * page.height:
            below = [other.y0 for other in page.lines if other.y0 >= line.y1 - 1 and other is not line]
            if not below or min(below) - line.y1 >= _MARGIN_GAP:
                found[id(line)] = ("top", _digits_masked(line.text))
        elif line.y0 >= (1 - _MARGIN_BAND) * page.height:
            above = [other.y1 for other in page.lines if other.y1 <= line.y0 + 1 and other is not line]
            # A footer is the page's lowest text but for a page number; a reference entry at the foot of a
            # Letter column, small and set apart too, has the other column's lines below it.
            text_below = any(other.y0 > line.y1 and not _NUMBER_ONLY.match(other.text) for other in page.lines)
            if (not above or line.y0 - max(above) >= _MARGIN_GAP) and not text_below:
                found[id(line)] = ("bottom", _digits_masked(line.text))
    return found


def _digits_masked(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())
