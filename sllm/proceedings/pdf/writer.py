"""The volume, written as it is assembled: each paper's pages go to the file while the paper is open, and
only the file offsets of the objects and the numbers of the page objects stay in memory.

qpdf keeps every object of a PDF it writes (and pikepdf copies the stream data of every page it appends)
until the file is written, so a volume assembled with pikepdf needs memory in proportion to its length.
Here pikepdf (qpdf) still reads and parses every file; this module only writes out the objects it is
handed, under new numbers, from qpdf's own description of each (see `Copier`): streams keep their raw
(still encoded) data and their filters, names and strings are written by pikepdf.
"""

import hashlib
import json
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path

import pikepdf

from . import OutlineNode

# A page takes these from its page tree node when it has none of its own (PDF 32000-1, 7.7.3.4); the volume's
# page tree is a new one, so a page carries them itself.
INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
XREF_SLICE = 4096  # cross-reference entries formatted at a time


class VolumeWriter:
    """Writes a PDF from pages of other PDFs, one batch of pages at a time.

    `copier()` serializes a batch of pages and the objects they reach; `finish()` writes the page tree
    (front matter first, then the papers' pages in the order they came), the outline, the page labels,
    the document info, the cross-reference table and the trailer.
    """

    def __init__(self, target: Path):
        self._file = target.open("wb")
        self._digest = hashlib.md5(usedforsecurity=False)  # the trailer /ID, from the content
        self._position = 0
        self._offsets = array("Q", [0])  # by object number; 0 heads the free list
        self.front_pages: list[int] = []
        self.paper_pages = array("L")  # object numbers of the papers' pages, in volume order
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.page_tree = self.reserve()

    def close(self) -> None:
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    @property
    def page_count(self) -> int:
        return len(self.front_pages) + len(self.paper_pages)

    def page(self, index: int) -> int:
        """The object number of the volume's page `index` (0-based, front matter first)."""
        if index < len(self.front_pages):
            return self.front_pages[index]
        return self.paper_pages[index - len(self.front_pages)]

    def reserve(self) -> int:
        self._offsets.append(0)
        return len(self._offsets) - 1

    def _write(self, data: bytes) -> None:
        self._file.write(data)
        self._digest.update(data)
        self._position += len(data)

    def write_object(self, number: int, body: bytes) -> None:
        self._offsets[number] = self._position
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def copier(self, source: pikepdf.Pdf, known: dict[tuple[int, int], int] | None = None) -> "Copier":
        """A copier of objects of `source`; `known` maps objects of `source` (objgen) to volume objects
        that stand for them, which are then not copied."""
        return Copier(self, source, known or {})

    def copy_object(self, source: pikepdf.Pdf, obj: pikepdf.Object) -> int:
        """Copies one indirect object and what it reaches; its number in the volume."""
        copier = self.copier(source)
        number = copier.reference(obj)
        copier.flush()
        return number

    def finish(self, *, outline: Sequence[OutlineNode], info: dict[str, str]) -> None:
        """The page tree, outline, page labels, document info, cross-reference table and trailer."""
        kids = [*self.front_pages, *self.paper_pages]
        self.write_object(
            self.page_tree,
            b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), b" ".join(b"%d 0 R" % kid for kid in kids)),
        )
        catalog = [
            b"/Type /Catalog",
            b"/Pages %d 0 R" % self.page_tree,
            # Roman numbers for the front matter, then the volume's page numbers from 1.
            b"/PageLabels << /Nums [0 << /S /r >> %d << /S /D /St 1 >>] >>" % len(self.front_pages),
            b"/PageMode /UseOutlines",
        ]
        if outline:
            catalog.append(b"/Outlines %d 0 R" % self._outline(outline))
        root = self.reserve()
        self.write_object(root, b"<< " + b" ".join(catalog) + b" >>")
        info_number = self.reserve()
        entries = b" ".join(
            pikepdf.Name("/" + key).unparse() + b" " + pikepdf.String(value).unparse() for key, value in info.items()
        )
        self.write_object(info_number, b"<< " + entries + b" >>")
        identifier = self._digest.hexdigest().encode()
        start = self._position
        self._write(b"xref\n0 %d\n0000000000 65535 f \n" % len(self._offsets))
        # In slices: the table of a 2,000-paper volume as one list of lines would take tens of MiB.
        for first in range(1, len(self._offsets), XREF_SLICE):
            self._write(
                b"".join([b"%010d 00000 n \n" % offset for offset in self._offsets[first : first + XREF_SLICE]])
            )
        self._write(
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(self._offsets), root, info_number, identifier, identifier, start)
        )

    def _outline(self, nodes: Sequence[OutlineNode]) -> int:
        root = self.reserve()
        first, last, count = self._outline_level(nodes, root)
        self.write_object(root, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (first, last, count))
        return root

    def _outline_level(self, nodes: Sequence[OutlineNode], parent: int) -> tuple[int, int, int]:
        """Writes sibling items (all open) under `parent`; their first and last numbers and how many items
        they show, themselves and their descendants."""
        numbers = [self.reserve() for _ in nodes]
        shown = len(nodes)
        for index, (node, number) in enumerate(zip(nodes, numbers, strict=True)):
            fields = [
                b"/Title " + pikepdf.String(node.title).unparse(),
                b"/Parent %d 0 R" % parent,
                b"/Dest [%d 0 R /Fit]" % self.page(node.page),
            ]
            if index > 0:
                fields.append(b"/Prev %d 0 R" % numbers[index - 1])
            if index < len(nodes) - 1:
                fields.append(b"/Next %d 0 R" % numbers[index + 1])
            count = 0
            if node.children:
                first, last, count = self._outline_level(node.children, number)
                fields.append(b"/First %d 0 R /Last %d 0 R" % (first, last))
                shown += count
            fields.append(b"/Count %d" % count)
            self.write_object(number, b"<< " + b" ".join(fields) + b" >>")
        return numbers[0], numbers[-1], shown


class Copier:
    """Copies objects of one source PDF into the volume, each once, under new numbers.

    qpdf describes each object in its JSON form (version 2 of qpdf's JSON: names as "/Name", or "n:" and
    the name in PDF syntax; strings as "u:" and UTF-8 text, or "b:" and hexadecimal bytes; references as
    "N G R"; numbers as written). Reading that back with the json module takes far less time than
    visiting every value through pikepdf's bindings, one call each.
    """

    def __init__(self, writer: VolumeWriter, source: pikepdf.Pdf, known: dict[tuple[int, int], int]):
        self.writer = writer
        self.source = source
        self.numbers = dict(known)
        # Anything that points at the source's page tree (rare) points at the volume's.
        self.numbers.setdefault(source.Root.Pages.objgen, writer.page_tree)
        self._pending: list[tuple[int, pikepdf.Object]] = []
        self._pages: set[tuple[int, int]] = set()
        self._references: dict[str, bytes] = {}  # "N G R" of the source -> the volume's reference

    def alias(self, obj: pikepdf.Object, number: int) -> None:
        """`obj` is not copied: references to it point at the volume's object `number`."""
        self.numbers[obj.objgen] = number

    def add_pages(self, pages: Iterable[pikepdf.Page]) -> list[int]:
        """Numbers the pages (so links between them resolve) and queues them; `flush` writes them."""
        numbers = []
        for page in pages:
            self._pages.add(page.obj.objgen)
            numbers.append(self.reference(page.obj))
        return numbers

    def reference(self, obj: pikepdf.Object) -> int:
        key = obj.objgen
        number = self.numbers.get(key)
        if number is None:
            number = self.numbers[key] = self.writer.reserve()
            self._pending.append((number, obj))
        return number

    def flush(self) -> None:
        while self._pending:
            number, obj = self._pending.pop()
            self.writer.write_object(number, self._body(obj))

    def _body(self, obj: pikepdf.Object) -> bytes:
        value = _json(obj.to_json(dereference=True))
        if obj._type_name == "stream":
            raw = obj.read_raw_bytes()
            # The data goes as it is, still encoded: /Filter and /DecodeParms stay, /Length is its length.
            value["/Length"] = len(raw)
            return self._value(value) + b"\nstream\n" + raw + b"\nendstream"
        if obj.objgen in self._pages:
            self._inherit(obj, value)
        return self._value(value)

    def _inherit(self, page: pikepdf.Object, value: dict) -> None:
        node = page.get("/Parent")
        missing = [key for key in INHERITABLE if key not in value]
        while missing and node is not None:
            for key in [key for key in missing if key in node]:
                item = node[key]
                if isinstance(item, pikepdf.Object):
                    value[key] = _json(item.to_json(dereference=False))
                else:  # pikepdf hands numbers over as int or Decimal
                    value[key] = item if isinstance(item, int) else format(item, "f").encode()
                missing.remove(key)
            node = node.get("/Parent")
        value["/Parent"] = _Reference(self.writer.page_tree)

    def _value(self, value) -> bytes:
        kind = type(value)
        if kind is str:
            # Names and references, the most common values, are each turned into bytes once.
            known = _NAMES.get(value) or self._references.get(value)
            return known if known is not None else self._text(value)
        if kind is dict:
            return b"<< " + b" ".join([_name(key) + b" " + self._value(item) for key, item in value.items()]) + b" >>"
        if kind is list:
            return b"[" + b" ".join([self._value(item) for item in value]) + b"]"
        if kind is int:
            return b"%d" % value
        if kind is bytes:  # a real number, as qpdf wrote it
            return value
        if kind is bool:
            return b"true" if value else b"false"
        if value is None:
            return b"null"
        if kind is _Reference:
            return b"%d 0 R" % value
        raise ValueError(f"unexpected value in qpdf's JSON: {value!r}")

    def _text(self, value: str) -> bytes:
        prefix = value[:2]
        if prefix == "u:":
            return pikepdf.String(value[2:]).unparse()
        if prefix == "b:":
            return b"<" + value[2:].encode() + b">"
        if value.startswith("/") or prefix == "n:":
            return _name(value)
        number, generation, mark = value.split(" ")
        if mark != "R":
            raise ValueError(f"unexpected string in qpdf's JSON: {value!r}")
        key = (int(number), int(generation))
        known = self.numbers.get(key)
        if known is None:
            known = self.reference(self.source.get_object(key))
        reference = self._references[value] = b"%d 0 R" % known
        return reference


class _Reference(int):
    """A reference to an object of the volume, by number."""


# Reals stay as qpdf wrote them (bytes), so no digit is lost or added on the way back.
_DECODER = json.JSONDecoder(parse_float=str.encode)


def _json(text: bytes):
    return _DECODER.decode(text.decode())


_NAMES: dict[str, bytes] = {}


def _name(key: str) -> bytes:
    # Names repeat endlessly (/Type, /Subtype, /Rect ...): each is unparsed once.
    name = _NAMES.get(key)
    if name is None:
        if key.startswith("n:"):
            name = key[2:].encode()
        else:
            name = pikepdf.Name(key).unparse()
        _NAMES[key] = name
    return name
