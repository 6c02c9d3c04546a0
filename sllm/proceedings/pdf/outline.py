"""The volume's bookmarks, written from their items as a stream: (depth, title, page) in reading order.

A bookmark names its parent, its siblings before and after, its first and last child and how many items
it shows open; all but the first are known only after the items that follow it. The items are therefore
read twice: once for the shape of the tree, kept as arrays of item indexes (no titles), once to write them.
A volume of 2,000 papers has over 2,000 bookmarks; nothing here holds them as objects.
"""

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from . import OutlineNode

OutlineItem = tuple[int, str, int]  # depth (0 at the top), title, 0-based page of the volume
NONE = -1


def outline_items(nodes: Sequence[OutlineNode], depth: int = 0) -> Iterator[OutlineItem]:
    """A tree of nodes as items in reading order."""
    for node in nodes:
        yield depth, node.title, node.page
        yield from outline_items(node.children, depth + 1)


@dataclass
class OutlineShape:
    """For each item by index: its parent, its previous and next sibling, its last child (NONE where there
    is none) and how many items are below it; and the last item at the top."""

    parent: array = field(default_factory=lambda: array("l"))
    previous: array = field(default_factory=lambda: array("l"))
    next: array = field(default_factory=lambda: array("l"))
    last_child: array = field(default_factory=lambda: array("l"))
    below: array = field(default_factory=lambda: array("l"))
    last_top: int = NONE

    @property
    def size(self) -> int:
        return len(self.parent)


def outline_shape(items: Iterable[OutlineItem]) -> OutlineShape:
    shape = OutlineShape()
    path: list[int] = []  # the items above the current one, from the top
    for index, (depth, _title, _page) in enumerate(items):
        if depth > len(path):
            raise ValueError(f"bookmark {index} is {depth} levels deep under {len(path)}")
        while len(path) > depth:
            closed = path.pop()
            shape.below[closed] = index - closed - 1
        parent = path[-1] if path else NONE
        previous = shape.last_child[parent] if parent != NONE else shape.last_top
        shape.parent.append(parent)
        shape.previous.append(previous)
        shape.next.append(NONE)
        shape.last_child.append(NONE)
        shape.below.append(0)
        if previous != NONE:
            shape.next[previous] = index
        if parent != NONE:
            shape.last_child[parent] = index
        else:
            shape.last_top = index
        path.append(index)
    for closed in path:
        shape.below[closed] = shape.size - closed - 1
    return shape


def write_outline(
    items: Callable[[], Iterable[OutlineItem]],
    *,
    reserve: Callable[[int], int],
    write: Callable[[int, bytes], None],
    page: Callable[[int], int],
    unparse: Callable[[str], bytes],
) -> int | None:
    """Writes the bookmarks (all open) and their root; the root's number, or None without items.

    `items()` gives the items anew each time it is called; `reserve(n)` the first of n new numbers in a
    row; `write(number, body)` writes an object; `page(index)` is the number of the volume's page;
    `unparse(text)` a PDF string.
    """
    shape = outline_shape(items())
    if not shape.size:
        return None
    root = reserve(shape.size + 1)

    def number(index: int) -> int:
        return root if index == NONE else root + 1 + index

    for index, (_depth, title, target) in enumerate(items()):
        fields = [
            b"/Title " + unparse(title),
            b"/Parent %d 0 R" % number(shape.parent[index]),
            b"/Dest [%d 0 R /Fit]" % page(target),
        ]
        if shape.previous[index] != NONE:
            fields.append(b"/Prev %d 0 R" % number(shape.previous[index]))
        if shape.next[index] != NONE:
            fields.append(b"/Next %d 0 R" % number(shape.next[index]))
        if shape.below[index]:
            fields.append(b"/First %d 0 R /Last %d 0 R" % (number(index + 1), number(shape.last_child[index])))
        fields.append(b"/Count %d" % shape.below[index])
        write(number(index), b"<< " + b" ".join(fields) + b" >>")
    write(
        root,
        b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (root + 1, number(shape.last_top), shape.size),
    )
    return root
