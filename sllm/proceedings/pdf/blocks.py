"""The front matter's blocks: HTML laid out whole, or running paragraphs (`Run`) of spans that a piece of
the layout may end after and the next resume at any word; and the links to the volume's pages a layout
hands over beside its PDF."""

import html as html_escape
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class VolumeLink:
    """A link of the front matter to a page of the volume, by its key (the link's address after LINK_SCHEME)."""

    page: int  # 0-based, in the part it is on
    rect: tuple[float, float, float, float]  # the annotation's /Rect in PDF points, as WeasyPrint writes it
    key: str


@dataclass(frozen=True, slots=True)
class Span:
    """Text of a running paragraph, with the inline tags around it (already HTML) or none, or a link to a
    page of the volume (by its key): laid out as plain text, see `links.run_links`; a link's text is one word
    (a page number), which never breaks over two lines."""

    text: str
    start_tag: str = ""
    end_tag: str = ""
    link: str = ""


@dataclass(frozen=True)
class Run:
    """A paragraph of running text (the committee, a letter of the author index) that a chunk may end
    after any span and the next chunk resume at any word."""

    css_class: str
    spans: tuple[Span, ...]

    def html(self, *, start: int = 0, stop: int | None = None) -> str:
        """The paragraph from the `start`-th non-space character, up to span `stop` (not included)."""
        parts, skip = [], start
        for span in self.spans[:stop]:
            text = span.text
            if skip:
                text, skip = _afternon_space(text, skip)
                if not text:
                    continue
            parts.append(span.start_tag + html_escape.escape(text, quote=False) + span.end_tag)
        return f'<p class="{self.css_class}">{"".join(parts)}</p>'

    def non_space_text(self) -> str:
        return "".join(span.text for span in self.spans).translate(SPACES)

    @cached_property
    def links(self) -> tuple[tuple[int, ...], tuple[tuple[int, str], ...]]:
        """Where each link span starts in the non-space text (sorted), and its (end, key)."""
        starts, ends, position = [], [], 0
        for span in self.spans:
            length = non_space(span.text)
            if span.link:
                starts.append(position)
                ends.append((position + length, span.link))
            position += length
        return tuple(starts), tuple(ends)


Block = str | Run  # a block of HTML laid out whole, or a running paragraph


SPACES = {ord(char): None for char in map(chr, range(0x3000 + 1)) if char.isspace()}


def non_space(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def _afternon_space(text: str, count: int) -> tuple[str, int]:
    """`text` after its first `count` non-space characters, and how many of them it lacked."""
    for index, char in enumerate(text):
        if not char.isspace():
            if count == 0:
                return text[index:], 0
            count -= 1
    return "", count


@dataclass(frozen=True)
class Piece:
    """A block of a chunk: the `block`-th of the flow, from its `start`-th non-space character, up to
    span `stop` (a run cut short) or whole."""

    block: int
    start: int = 0
    stop: int | None = None
