"""Find where the references, the appendix and the closing sections start, and from that how many pages
the main text has.

The outline, when it names these sections, is what the author's tool wrote and is trusted first. Without
it, a line counts as a heading only when its whole text is a heading phrase and it looks like a heading
(bold or larger than body text, or a bare capitalised line), because running text says "references"
and "appendix" all the time.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .layout import OutlineEntry, PageText, TextLine
from .pagemodel import PageLayout, Position, body_font_size, lay_out
from .sections import CLOSING_SECTIONS, closing_kind, reference_list_start

REFERENCES = "references"
APPENDIX = "appendix"
# "A Proofs of Theorem 1" after the references: a lettered top-level section, i.e. an appendix.
LETTERED = "lettered"
# "5 Experiments": a numbered top-level section of the body. Closing sections are only those after the last.
NUMBERED = "numbered"

# "7 ", "7.", "VII. ", "A " in front of a heading.
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[ivxlc]{1,6}|[a-z])[.:)]?\s+", re.IGNORECASE)
_REFERENCE_WORDS = frozenset(
    {"references", "reference", "bibliography", "literaturecited", "workscited", "referencesandnotes"}
)
# The singular "Reference" is a heading only when styled as one: as a plain line it is far more often a
# figure legend or a table cell.
_STYLED_ONLY = frozenset({"reference"})
_TOP_LEVEL_NUMBER = re.compile(r"^\d{1,2}\.?\s+[^\W\d_]")
# The phrase, then nothing or a label and title ("Appendix A: Proofs"); never a compound word such as
# a title's "Appendix-Free Pruning".
_APPENDIX = re.compile(
    r"^(?:(?:technical|online|supplementary)\s+)?appendi(?:x|ces)(?=$|[\s:.])"
    r"|^supplementa(?:ry|l)\s+(?:materials?|information)(?=$|[\s:.])",
    re.IGNORECASE,
)
_LETTERED = re.compile(r"^[A-Z][.:]?\s+[A-Z0-9]")
# "A. Proofs", "A: Proofs": an article is never followed by a stop, so these are appendix labels anywhere.
_LETTERED_LABEL = re.compile(r"^([A-Z])[.:]\s+[A-Z0-9]")
_LETTER = re.compile(r"^([A-Z])[.:]?\s")
_MAX_HEADING_WORDS = 12
_MAX_HEADING_CHARS = 100
# 12 pt or 11 pt headings over 10 pt text both count as larger; rounding noise does not.
_LARGER = 1.08


@dataclass(frozen=True)
class SectionStarts:
    references: Position | None
    appendix: Position | None
    main_pages: int
    # Every closing section found (acknowledgements, limitations...), counted or not, by kind.
    closing: dict[str, Position] = field(default_factory=dict)


def heading_kind(text: str) -> str | None:
    """REFERENCES, APPENDIX or a closing section's kind when the whole text is such a heading, numbered or
    not; else None."""
    bare = text.strip().rstrip(":.").strip()
    for candidate in (bare, _NUMBERING.sub("", bare, count=1)):
        # Small caps come out as "R EFERENCES"; spaces never matter inside these words.
        compact = "".join(candidate.split()).lower()
        if compact in _REFERENCE_WORDS:
            return REFERENCES
        if compact in ("appendix", "appendices") or _APPENDIX.match(candidate):
            return APPENDIX
        closing = closing_kind(compact)
        if closing is not None:
            return closing
    return None


def find_section_starts(
    pages: list[PageText], outline: list[OutlineEntry], *, uncounted: frozenset[str] = frozenset()
) -> SectionStarts:
    """Where each section starts, and the main pages: those before the references, the appendix or the
    first closing section in `uncounted` that follows the body, whichever comes first."""
    body_size = body_font_size(pages)
    layouts = {layout.number: layout for layout in lay_out(pages, body_size)}
    candidates = list(_layout_headings(layouts.values(), body_size))

    def order(position: Position) -> tuple[int, tuple[int, float]]:
        return (position.page, layouts[position.page].rank_of(position))

    references = _outline_references(outline, layouts) or _first(candidates, REFERENCES)
    appendix = _outline_appendix(outline, layouts)
    if appendix is None:
        appendix = _layout_appendix(candidates, references, order)
    if references is None:
        references = _unheaded_references(layouts, candidates, appendix, order, body_size)

    starts = [position for position in (references, appendix) if position is not None]
    closing = _closing_sections(candidates)
    end = min(starts, key=order, default=None)
    tail = _uncounted_tail(candidates, closing, uncounted, end, order)
    if tail is not None:
        starts.append(tail)
    if not starts:
        return SectionStarts(None, None, len(pages), closing)
    first = min(starts, key=order)
    # The page of the heading belongs to the main text only if some of the paper's text precedes it there.
    main_pages = first.page if layouts[first.page].body_before(first) else first.page - 1
    return SectionStarts(references, appendix, main_pages, closing)


def _layout_appendix(candidates, references: Position | None, order) -> Position | None:
    """The first appendix heading, or a lettered section that must be one.

    After the references any lettered top-level section is. Before them "A Note on Notation" may be body
    text, so only a label with a stop ("A. Proofs"), or a run "A ...", "B ..." ending at the references, is.
    """
    found = [position for kind, position in candidates if kind == APPENDIX][:1]
    lettered = [(p, _LETTER.match(p.line.text).group(1)) for kind, p in candidates if kind == LETTERED]
    if references is not None:
        found += [p for p, _ in lettered if order(p) > order(references)][:1]
    before = [(p, letter) for p, letter in lettered if references is None or order(p) < order(references)]
    for index, (position, letter) in enumerate(before):
        if letter != "A":
            continue
        labelled = bool(_LETTERED_LABEL.match(position.line.text))
        followed = index + 1 < len(before) and before[index + 1][1] == "B"
        if labelled or followed:
            numbered_after = any(
                kind == NUMBERED and order(p) > order(position) for kind, p in candidates if kind == NUMBERED
            )
            if not numbered_after:
                found.append(position)
                break
    return min(found, key=order, default=None)


def _unheaded_references(layouts, candidates, appendix: Position | None, order, body_size: float):
    """A numbered list (before the appendix, if any) after the last numbered section: references printed
    without a heading."""
    lines = [
        (layout, line)
        for layout in layouts.values()
        for line in layout.body
        # Reference lists are set in the body size or smaller.
        if line.size <= body_size
        and (appendix is None or order(Position(layout.number, line.x0, line.y0, line.x1, line)) < order(appendix))
    ]
    index = reference_list_start([line.text for _, line in lines], [line.size < body_size for _, line in lines])
    if index is None:
        return None
    layout, line = lines[index]
    position = Position(layout.number, line.x0, line.y0, line.x1, line)
    last_section = max((p for kind, p in candidates if kind == NUMBERED), key=order, default=None)
    return position if last_section is None or order(position) > order(last_section) else None


def _closing_sections(candidates) -> dict[str, Position]:
    closing: dict[str, Position] = {}
    for kind, position in candidates:
        if kind in CLOSING_SECTIONS and kind not in closing:
            closing[kind] = position
    return closing


def _uncounted_tail(candidates, closing, uncounted: frozenset[str], end: Position | None, order):
    """The first uncounted closing section that follows the body: after the last numbered section, and
    followed only by closing sections up to the references or the appendix (or the end)."""
    if not uncounted:
        return None
    last_section = max((p for kind, p in candidates if kind == NUMBERED), key=order, default=None)
    chosen = [
        position
        for kind, position in closing.items()
        if kind in uncounted
        and (end is None or order(position) < order(end))
        and (last_section is None or order(position) > order(last_section))
    ]
    return min(chosen, key=order, default=None)


def _layout_headings(layouts, body_size: float) -> Iterator[tuple[str, Position]]:
    """Heading lines of the named kinds, lettered and numbered sections, in reading order."""
    for layout in layouts:
        for line in layout.body:
            kind = heading_kind(line.text)
            if kind is None and _LETTERED.match(line.text):
                kind = LETTERED
            if kind is None and _TOP_LEVEL_NUMBER.match(line.text):
                kind = NUMBERED
            if kind is not None and _looks_like_heading(line, layout, body_size, kind):
                yield kind, Position(layout.number, line.x0, line.y0, line.x1, line)


def _looks_like_heading(line: TextLine, layout: PageLayout, body_size: float, kind: str) -> bool:
    text = line.text
    if len(text) > _MAX_HEADING_CHARS or len(text.split()) > _MAX_HEADING_WORDS:
        return False
    if not layout.alone_on_its_line(line):
        return False
    styled = line.bold or line.size >= _LARGER * body_size
    if kind == NUMBERED:
        # A numbered list item is plain and usually ends a sentence; a section title is styled and does not.
        return styled and not text.endswith(".")
    if styled:
        return True
    if kind == REFERENCES and "".join(_NUMBERING.sub("", text.strip(), count=1).split()).lower() in _STYLED_ONLY:
        return False
    # A plain-styled line is a heading only for the named kinds, and never when it ends a sentence.
    return kind != LETTERED and not text.endswith(".") and _capitalised(text)


def _capitalised(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return False
    if all(word.isupper() for word in words):
        return True
    return words[0][0].isupper() and all(word[0].isupper() for word in words if len(word) > 3)


def _first(candidates: list[tuple[str, Position]], wanted: str) -> Position | None:
    return next((position for kind, position in candidates if kind == wanted), None)


def _outline_references(outline: list[OutlineEntry], layouts: dict[int, PageLayout]) -> Position | None:
    for entry in outline:
        if heading_kind(entry.title) == REFERENCES:
            return _locate(entry, layouts, REFERENCES)
    return None


def _outline_appendix(outline: list[OutlineEntry], layouts: dict[int, PageLayout]) -> Position | None:
    references_at = next((i for i, e in enumerate(outline) if heading_kind(e.title) == REFERENCES), None)
    for index, entry in enumerate(outline):
        if heading_kind(entry.title) == APPENDIX:
            return _locate(entry, layouts, APPENDIX)
        if (
            references_at is not None
            and index > references_at
            and entry.level <= outline[references_at].level
            and _LETTERED.match(entry.title)
            and heading_kind(entry.title) is None
        ):
            return _locate(entry, layouts, None)
    return None


def _locate(entry: OutlineEntry, layouts: dict[int, PageLayout], kind: str | None) -> Position | None:
    """The heading line an outline entry points at, else the entry's target point on its page."""
    layout = layouts.get(entry.page)
    if layout is None:
        return None
    title = entry.title.lower()
    lines = [
        line
        for line in layout.body
        if line.text.lower() == title or (kind is not None and heading_kind(line.text) == kind)
    ]
    if lines:
        if entry.y is not None:
            line = min(lines, key=lambda line: abs(line.y0 - entry.y))
        else:
            line = lines[0]
        return Position(entry.page, line.x0, line.y0, line.x1, line)
    if entry.y is None:
        # A bare page target: the section opens the page.
        return Position(entry.page, 0.0, -1.0, layout.width)
    return Position(entry.page, entry.x, entry.y, entry.x)
