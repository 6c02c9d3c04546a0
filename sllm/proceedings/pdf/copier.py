"""Copying objects of one PDF into another under new numbers, from qpdf's own PDF syntax of each object.

qpdf (pikepdf) parses the source and writes each object back as PDF syntax (`unparse`): names, strings and
numbers exactly as a PDF writer would, references as "N G R". Only the references change on the way, so
the copier splits that text at its references and joins it again with the new numbers. In that syntax a
reference is the one place "N G R" can stand outside a string, and qpdf writes every literal string with
its parentheses escaped, so a string is found by a regular expression and never taken for a reference.
Streams keep their raw data, still encoded, with their filters.
"""

import re
import zlib
from collections.abc import Callable, Iterable
from typing import Protocol

import pikepdf

# A page takes these from its page tree node when it has none of its own (PDF 32000-1, 7.7.3.4); the pages
# copied go into a new page tree, so a page carries them itself.
INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")

_REFERENCE = re.compile(rb"(\d+) (\d+) R")
# A literal string as qpdf writes it (every parenthesis inside escaped), or a reference.
_STRING_OR_REFERENCE = re.compile(rb"(\((?:[^\\)]|\\.)*\))|(\d+) (\d+) R", re.DOTALL)


class Write(Protocol):
    """Takes one copied object: its number; its dictionary or value in PDF syntax with a `%d` in place of each
    reference's number (`template`, any other `%` doubled) and those numbers (`targets`); and for a stream,
    its raw data and their CRC-32 (a file's /ID is a digest of the objects, stream data by its CRC). A file
    that numbers the objects its own way formats the template with its own numbers: the text is split at
    its references once, whatever the number of files it goes to."""

    def __call__(
        self, number: int, template: bytes, targets: tuple[int, ...], data: bytes | None, crc: int
    ) -> None: ...


class Copier:
    """Copies objects of `source`, each once, into a target that numbers and writes them.

    `number` gives a new object its number in the target; `write` takes each copied object once its
    references are numbered; `page_tree` is the target's page tree, which stands for the source's (the
    pages copied go into it). `known` maps objects of the source (objgen) to target objects standing for
    them, which are not copied.
    """

    def __init__(
        self,
        source: pikepdf.Pdf,
        *,
        number: Callable[[], int],
        write: Write,
        page_tree: int,
        known: dict[tuple[int, int], int] | None = None,
    ):
        self.source = source
        self.number = number
        self.write = write
        self.page_tree = page_tree
        self.numbers = dict(known or {})
        self.numbers.setdefault(source.Root.Pages.objgen, page_tree)
        self._pending: list[tuple[int, pikepdf.Object]] = []

    def alias(self, obj: pikepdf.Object, number: int) -> None:
        """`obj` is not copied: references to it point at the target's object `number`."""
        self.numbers[obj.objgen] = number

    def add_pages(self, pages: Iterable[pikepdf.Page]) -> list[int]:
        """Numbers the pages (so links between them resolve) and queues them; `flush` writes them. Each page
        gets the attributes it inherited and the target's page tree as its parent."""
        numbers = []
        for page in pages:
            obj = page.obj
            node = obj.get("/Parent")
            missing = [key for key in INHERITABLE if key not in obj]
            while node is not None:
                # Every node above a page stands for the new page tree, so /Parent needs no rewriting.
                self.numbers[node.objgen] = self.page_tree
                for key in [key for key in missing if key in node]:
                    obj[key] = node[key]
                    missing.remove(key)
                node = node.get("/Parent")
            numbers.append(self.reference(obj))
        return numbers

    def reference(self, obj: pikepdf.Object) -> int:
        key = obj.objgen
        number = self.numbers.get(key)
        if number is None:
            number = self.numbers[key] = self.number()
            self._pending.append((number, obj))
        return number

    def flush(self) -> None:
        pending, write, split = self._pending, self.write, self._split
        while pending:
            number, obj = pending.pop()
            if obj._type_name == "stream":
                data = obj.read_raw_bytes()
                # The data goes as it is, still encoded: /Filter and /DecodeParms stay, /Length is its length
                # (set only where it differs, or qpdf would rewrite every dictionary).
                stream_dict = obj.stream_dict
                if stream_dict.get("/Length") != len(data):
                    stream_dict.Length = len(data)
                text = stream_dict.unparse(resolved=True)
                write(number, *split(text), data, zlib.crc32(data))
            else:
                write(number, *split(obj.unparse(resolved=True)), None, 0)

    def _split(self, text: bytes) -> tuple[bytes, tuple[int, ...]]:
        """The text as a template with a `%d` for the number of each reference, and the target numbers."""
        if b" R" not in text:
            return text, ()
        if b"(" in text:  # strings: each is matched whole, so that nothing inside one is taken for a reference
            parts, step = _STRING_OR_REFERENCE.split(text), 4
        else:
            parts, step = _REFERENCE.split(text), 3
        pieces, targets = [parts[0].replace(b"%", b"%%")], []
        for index in range(1, len(parts), step):
            if step == 4 and parts[index] is not None:  # a string: kept as it is
                pieces[-1] += parts[index].replace(b"%", b"%%") + parts[index + 3].replace(b"%", b"%%")
                continue
            number, generation = parts[index + step - 3], parts[index + step - 2]
            targets.append(self._target(number, generation))
            pieces.append(parts[index + step - 1].replace(b"%", b"%%"))
        if not targets:
            return text, ()
        return b"%d 0 R".join(pieces), tuple(targets)

    def _target(self, number: bytes, generation: bytes) -> int:
        key = (int(number), int(generation))
        known = self.numbers.get(key)
        return known if known is not None else self.reference(self.source.get_object(key))
