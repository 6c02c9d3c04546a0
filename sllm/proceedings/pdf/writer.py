"""The volume and the stamped papers, written as they are assembled: each paper's objects go to both files
while the paper is open, and only the file offsets of the volume's objects and the numbers of its pages stay
in memory.

qpdf keeps every object of a PDF it writes (and pikepdf copies the stream data of every page it appends)
until the file is written, so a volume assembled with pikepdf needs memory in proportion to its length.
Here pikepdf (qpdf) still reads and parses every file and writes each object as PDF syntax; the copier
(`copier`) only renumbers references, and the files here put the objects, the cross-reference table and
the trailer around them. A paper's objects are formatted once for the volume and once, with numbers of its
own, for the paper's file, from one split of their text.
"""

import hashlib
import itertools
from array import array
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pikepdf

from .copier import Copier
from .outline import OutlineItem, write_outline

XREF_SLICE = 4096  # cross-reference entries formatted at a time
BUFFER = 1 << 18  # bytes written at a time (see PdfFile)
HEADER = b"%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n"
VERSION = b"1.7"


class PdfFile:
    """A PDF written object by object to `file`, in any order of numbers; `end` writes the cross-reference
    table and the trailer, whose /ID is a digest of the objects (stream data by its CRC-32), so the same
    objects give the same bytes."""

    def __init__(self, file, version: bytes = VERSION):
        self._file = file
        self._digest = hashlib.md5(usedforsecurity=False)
        self._position = 0
        # By object number (0 heads the free list): four bytes each while the file is under 4 GiB, then eight.
        self._offsets = array("I", [0])
        # Objects are many and small: their bytes (and what the digest takes of them) are gathered and
        # written BUFFER bytes at a time, one call each.
        self._parts: list[bytes] = []
        self._hashed: list[bytes] = []
        self._flushed = 0  # the position up to which the parts are written
        self._write(HEADER % version)

    def _write(self, data: bytes) -> None:
        self._parts.append(data)
        self._position += len(data)
        if self._position - self._flushed >= BUFFER:
            self.flush()

    def flush(self) -> None:
        # Part by part into the file's buffer (no joined copy: a paper's image can take megabytes).
        self._file.writelines(self._parts)
        self._digest.update(b"".join(self._hashed))
        self._parts.clear()
        self._hashed.clear()
        self._flushed = self._position

    def _place(self, number: int) -> None:
        """Object `number` starts here."""
        offsets = self._offsets
        if number >= len(offsets):
            offsets.frombytes(bytes(offsets.itemsize * (number + 1 - len(offsets))))
        try:
            offsets[number] = self._position
        except OverflowError:
            self._offsets = array("Q", offsets)
            self._offsets[number] = self._position

    def write_object(self, number: int, body: bytes, data: bytes | None = None, crc: int = 0) -> None:
        # The hot path of a build (two calls an object, some 20,000 objects in 200 papers): kept flat.
        self._place(number)
        if data is None:
            chunk = b"%d 0 obj\n%s\nendobj\n" % (number, body)
            self._hashed.append(chunk)
            self._parts.append(chunk)
            self._position += len(chunk)
        else:
            head = b"%d 0 obj\n%s\nstream\n" % (number, body)
            self._hashed += (head, crc.to_bytes(4, "big"))
            self._parts += (head, data, b"\nendstream\nendobj\n")
            self._position += len(head) + len(data) + 18
        if self._position - self._flushed >= BUFFER:
            self.flush()

    def write_pieces(self, number: int, opening: bytes, middle: Iterable[bytes], closing: bytes) -> None:
        """Writes an object whose text comes in pieces (one space between those of `middle`)."""
        self._place(number)
        head = b"%d 0 obj\n%s" % (number, opening)
        self._hashed.append(head)
        self._write(head)
        for index, piece in enumerate(middle):
            piece = b" " + piece if index else piece
            self._hashed.append(piece)
            self._write(piece)
        tail = closing + b"\nendobj\n"
        self._hashed.append(tail)
        self._write(tail)

    def end(self, *, root: int, info: int) -> None:
        """The cross-reference table (every number below the highest written must be written) and the trailer."""
        size = len(self._offsets)
        try:  # searched in place: a copy of the offsets of a 2,000-paper volume would take megabytes
            missing = self._offsets.index(0, 1)
        except ValueError:
            pass
        else:
            raise ValueError(f"object {missing} was numbered but never written")
        self.flush()
        identifier = self._digest.hexdigest().encode()
        start = self._position
        self._write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        # In slices: the table of a 2,000-paper volume as one list of lines would take tens of MiB.
        for first in range(1, size, XREF_SLICE):
            self._write(
                b"".join([b"%010d 00000 n \n" % offset for offset in self._offsets[first : first + XREF_SLICE]])
            )
        self._write(
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, root, info, identifier, identifier, start)
        )
        self.flush()


def info_body(info: dict[str, str]) -> bytes:
    """A document info dictionary from its entries by key (without the slash)."""
    return (
        b"<< "
        + b" ".join(
            pikepdf.Name("/" + key).unparse() + b" " + pikepdf.String(value).unparse() for key, value in info.items()
        )
        + b" >>"
    )


class VolumeWriter(PdfFile):
    """Writes a PDF from pages of other PDFs, one batch of pages at a time.

    `copier()` copies a batch of pages and the objects they reach; `paper()` opens a paper's own file that
    receives the same objects; `finish()` writes the page tree (front matter first, then the papers' pages
    in the order they came), the outline, the page labels, the document info, the cross-reference table and
    the trailer.
    """

    def __init__(self, target: Path):
        super().__init__(target.open("wb", buffering=BUFFER))
        self._next = 1
        self.front_pages: list[int] = []
        self.front_page_count: int | None = None  # once known, the front matter's pages before all are copied
        self.paper_pages = array("L")  # object numbers of the papers' pages, in volume order
        self.version = VERSION
        self.page_tree = self.reserve()
        # Objects every paper's file holds too, under the same numbers (the stamp font): their arguments to put.
        self.shared: list[tuple] = []

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
        front = len(self.front_pages) if self.front_page_count is None else self.front_page_count
        if index < front:
            return self.front_pages[index]
        return self.paper_pages[index - front]

    def reserve(self) -> int:
        number = self._next
        self._next += 1
        return number

    def put(self, number: int, template: bytes, targets: tuple[int, ...], data: bytes | None, crc: int) -> None:
        """Writes a copied object (see copier.Write)."""
        self.write_object(number, template % targets if targets else template, data, crc)

    def copier(
        self, source: pikepdf.Pdf, known: dict[tuple[int, int], int] | None = None, paper: "PaperFile | None" = None
    ) -> Copier:
        """A copier of objects of `source` into the volume and, given one, a paper's file (`paper()`);
        `known` maps objects of `source` (objgen) to volume objects that stand for them."""
        write = self.put
        if paper is not None:
            volume_put, paper_put = self.put, paper.put

            def write(number: int, template: bytes, targets: tuple[int, ...], data: bytes | None, crc: int) -> None:
                volume_put(number, template, targets, data, crc)
                paper_put(number, template, targets, data, crc)

        self.note_version(source.pdf_version)
        return Copier(source, number=self.reserve, write=write, page_tree=self.page_tree, known=known)

    def copy_shared(self, source: pikepdf.Pdf, obj: pikepdf.Object) -> int:
        """Copies one object, and what it reaches, into the volume and every paper's file opened later."""
        if self.paper_pages:
            raise ValueError("shared objects come before the first paper")

        def write(*copied) -> None:
            self.put(*copied)
            self.shared.append(copied)

        copier = Copier(source, number=self.reserve, write=write, page_tree=self.page_tree)
        number = copier.reference(obj)
        copier.flush()
        return number

    def paper(self, target: Path, version: str) -> "PaperFile":
        """A paper's own file: it gets the shared objects now and then what the copier writes to it; its
        objects are numbered on from the shared ones."""
        return PaperFile(target, first=self._next, shared=self.shared, page_tree=self.page_tree, version=version)

    def note_version(self, version: str) -> None:
        """The volume's header says the highest PDF version of its sources (1.7 at least)."""
        encoded = version.encode()
        if _version_key(encoded) > _version_key(self.version):
            self.version = encoded

    def finish(self, *, outline: Callable[[], Iterable[OutlineItem]], info: dict[str, str]) -> None:
        """The page tree, outline (its items in reading order, given anew at each call: see outline.py), page
        labels, document info, cross-reference table and trailer."""
        if self.front_page_count not in (None, len(self.front_pages)):
            raise ValueError(f"{len(self.front_pages)} front matter pages copied, {self.front_page_count} announced")
        # The kids of a 2,000-paper volume are some 14,000 references: written a slice at a time.
        kids = itertools.chain(self.front_pages, self.paper_pages)
        slices = iter(lambda: b" ".join(b"%d 0 R" % kid for kid in itertools.islice(kids, XREF_SLICE)), b"")
        self.write_pieces(self.page_tree, b"<< /Type /Pages /Count %d /Kids [" % self.page_count, slices, b"] >>")
        catalog = [
            b"/Type /Catalog",
            b"/Pages %d 0 R" % self.page_tree,
            # Roman numbers for the front matter, then the volume's page numbers from 1.
            b"/PageLabels << /Nums [0 << /S /r >> %d << /S /D /St 1 >>] >>" % len(self.front_pages),
            b"/PageMode /UseOutlines",
        ]
        bookmarks = write_outline(
            outline,
            reserve=self.reserve_many,
            write=self.write_object,
            page=self.page,
            unparse=lambda text: pikepdf.String(text).unparse(),
        )
        if bookmarks is not None:
            catalog.append(b"/Outlines %d 0 R" % bookmarks)
        root = self.reserve()
        self.write_object(root, b"<< " + b" ".join(catalog) + b" >>")
        info_number = self.reserve()
        self.write_object(info_number, info_body(info))
        self.end(root=root, info=info_number)
        if self.version != VERSION:
            # The header was written first; the version has the same length.
            self._file.seek(0)
            self._file.write(HEADER % self.version)

    def reserve_many(self, count: int) -> int:
        """The first of `count` new numbers in a row."""
        first = self._next
        self._next += count
        return first


class PaperFile(PdfFile):
    """One paper's own PDF: the shared objects, then the paper's objects as the copier writes them to the
    volume, renumbered from the first number after the shared ones (one shift: the volume numbers a paper's
    objects one after the other), then its page tree (under the volume's page tree's number, which its
    pages name as their parent), its catalog and document info."""

    def __init__(self, target: Path, *, first: int, shared: list[tuple], page_tree: int, version: str):
        super().__init__(target.open("wb", buffering=BUFFER), version=max(VERSION, version.encode(), key=_version_key))
        self.page_tree = page_tree
        self.first = first
        top = max([page_tree, *(copied[0] for copied in shared)])
        self._shift = first - top - 1
        self._extra = 0
        for number, template, targets, data, crc in shared:
            self.write_object(number, template % targets if targets else template, data, crc)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._file.close()

    def local(self, number: int) -> int:
        return number if number < self.first else number - self._shift

    def put(self, number: int, template: bytes, targets: tuple[int, ...], data: bytes | None, crc: int) -> None:
        """Writes a copied object (see copier.Write) under this file's number for it."""
        local = self.local
        body = template % tuple(map(local, targets)) if targets else template
        self.write_object(local(number), body, data, crc)

    def copier(self, source: pikepdf.Pdf, known: dict[tuple[int, int], int]) -> Copier:
        """A copier of objects that go to this file alone (the catalog and what only it reaches), numbered
        after the objects the volume has; `known` are those already copied (the copier's `numbers`)."""
        start = len(self._offsets) + self._shift

        def number() -> int:
            self._extra += 1
            return start + self._extra - 1

        return Copier(source, number=number, write=self.put, page_tree=self.page_tree, known=known)

    def finish(self, *, pages: Sequence[int], root: int, info: dict[str, str]) -> None:
        self.write_object(
            self.page_tree,
            b"<< /Type /Pages /Count %d /Kids [%s] >>"
            % (len(pages), b" ".join(b"%d 0 R" % self.local(page) for page in pages)),
        )
        info_number = len(self._offsets)
        self.write_object(info_number, info_body(info))
        self.end(root=self.local(root), info=info_number)


def _version_key(version: bytes) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(b".") if part.isdigit())
