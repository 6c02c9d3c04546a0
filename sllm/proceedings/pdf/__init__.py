"""The one gateway to the PDF libraries of the proceedings.

WeasyPrint renders the front matter (`front`, which imports it only when it renders: it is slow to import
and only the `pdf` queue needs it); pikepdf (qpdf) inspects papers here, stamps them (`stamp`) and writes
the papers and the volume in one pass (`papers`, run in a process of its own). Nothing here knows Django.
"""

import io
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from sllm.submissions.formats import paper_format

# Links of the front matter to the volume's pages: its HTML addresses them with this scheme, the layout hands
# them over beside the PDFs (see front.py) and the paper worker writes each as a link to its page of the
# volume. The scheme cannot clash with a real address.
LINK_SCHEME = "sllm-volume:"
STAMP_FONT = Name("/SLLMStampF1")  # the stamp's font in each page's resources
STAMP_FONT_KEY = Name("/SLLMStampFont")  # the font in the catalog of the file that hands it to a worker
STAMP_GRAY = 0.25
HEADER_SIZE = 8.0
FOOTER_SIZE = 8.0
CITATION_SIZE = 7.0


# --- checks -------------------------------------------------------------------------------------------


class BrokenPdf(Exception):
    """A file pikepdf cannot read as a whole PDF."""


def open_pdf(path: Path) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, pikepdf.PasswordError) as error:
        raise BrokenPdf(str(error)) from error
    if pdf.is_encrypted or len(pdf.pages) == 0:
        pdf.close()
        raise BrokenPdf("encrypted" if pdf.is_encrypted else "no pages")
    return pdf


def visible_size(page: pikepdf.Page) -> tuple[float, float]:
    """Width and height as a reader shows the page: its crop box, turned by /Rotate."""
    box = [float(v) for v in page.cropbox]
    width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
    return (height, width) if int(page.obj.get("/Rotate", 0)) % 180 else (width, height)


def size_name(width: float, height: float) -> str:
    return paper_format(width, height) or f"{width:.0f}x{height:.0f}pt"


def wrong_size_pages(pdf: pikepdf.Pdf, expected: str) -> list[tuple[int, str]]:
    """(1-based page, its size) for every page whose size is not the expected format."""
    found = []
    for number, page in enumerate(pdf.pages, start=1):
        name = size_name(*visible_size(page))
        if name != expected:
            found.append((number, name))
    return found


def unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    """Names of the fonts used by any page (or its forms) without a font program in the file."""
    missing: set[str] = set()
    seen: set[tuple[int, int]] = set()
    pending = [page.obj.get("/Resources") for page in pdf.pages]
    while pending:
        resources = pending.pop()
        if not isinstance(resources, Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        fonts = resources.get("/Font")
        if isinstance(fonts, Dictionary):
            for _, font in fonts.items():
                name = _unembedded_name(font)
                if name:
                    missing.add(name)
        xobjects = resources.get("/XObject")
        if isinstance(xobjects, Dictionary):
            for _, xobject in xobjects.items():
                if isinstance(xobject, pikepdf.Stream) and xobject.stream_dict.get("/Subtype") == "/Form":
                    pending.append(xobject.stream_dict.get("/Resources"))
    return sorted(missing)


def _unembedded_name(font: pikepdf.Object) -> str | None:
    if not isinstance(font, Dictionary):
        return None
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return None  # its glyphs are drawn by content streams inside the file
    described = font
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, Array) or len(descendants) == 0:
            return str(font.get("/BaseFont", "unnamed"))[1:]
        described = descendants[0]
    descriptor = described.get("/FontDescriptor")
    if isinstance(descriptor, Dictionary) and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    ):
        return None
    return str(font.get("/BaseFont", "/unnamed"))[1:]


# MuPDF's builtin fonts are the URW metric twins of the PDF standard fonts (CFF programs, freely licensed).
STANDARD_FONTS = {
    "Helvetica": "helv",
    "Helvetica-Bold": "hebo",
    "Helvetica-Oblique": "heit",
    "Helvetica-BoldOblique": "hebi",
    "Times-Roman": "tiro",
    "Times-Bold": "tibo",
    "Times-Italic": "tiit",
    "Times-BoldItalic": "tibi",
    "Courier": "cour",
    "Courier-Bold": "cobo",
    "Courier-Oblique": "coit",
    "Courier-BoldOblique": "cobi",
}


class _EmbeddableFont:
    """A standard font as an embedded simple font in WinAnsi encoding: program, name and widths."""

    def __init__(self, code: str):
        import pymupdf  # only for the font programs and their widths

        font = pymupdf.Font(code)
        program = font.buffer
        self.name = _cff_name(program)
        # Compressed once: a stream that arrives compressed is copied as it is by every save.
        self.compressed_program = zlib.compress(program, 9)
        self.flags = 32 | (64 if font.is_italic else 0) | (1 if font.is_monospaced else 0)
        box = font.bbox
        self.bbox = [round(v * 1000) for v in (box.x0, box.y0, box.x1, box.y1)]
        self.ascent, self.descent = round(font.ascender * 1000), round(font.descender * 1000)
        self.widths = []
        for code_point in range(32, 256):
            try:
                char = bytes([code_point]).decode("cp1252")
            except UnicodeDecodeError:
                self.widths.append(0)
                continue
            self.widths.append(round(font.glyph_advance(ord(char)) * 1000))

    def dictionary(self, pdf: pikepdf.Pdf) -> Dictionary:
        program = pikepdf.Stream(pdf, b"")
        program.write(self.compressed_program, filter=Name.FlateDecode)
        program.stream_dict.Subtype = Name.Type1C
        descriptor = Dictionary(
            Type=Name.FontDescriptor,
            FontName=Name("/" + self.name),
            Flags=self.flags,
            FontBBox=Array(self.bbox),
            ItalicAngle=-12 if self.flags & 64 else 0,
            Ascent=self.ascent,
            Descent=self.descent,
            CapHeight=self.ascent,
            StemV=88,
            FontFile3=program,
        )
        return pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.Type1,
                BaseFont=Name("/" + self.name),
                FirstChar=32,
                LastChar=255,
                Widths=Array(self.widths),
                Encoding=Name.WinAnsiEncoding,
                FontDescriptor=pdf.make_indirect(descriptor),
            )
        )


@dataclass(frozen=True)
class FontWidths:
    """The advance widths of a simple font from code 32 on (thousandths of the size), as its /Widths give them."""

    widths: tuple[int, ...]

    @classmethod
    def of(cls, font: Dictionary) -> "FontWidths":
        return cls(tuple(int(width) for width in font.Widths))

    def width(self, text: bytes, size: float) -> float:
        return sum(self.widths[c - 32] if c >= 32 else 0 for c in text) * size / 1000


def _cff_name(program: bytes) -> str:
    """The font name in a bare CFF program's Name INDEX (the BaseFont must match it)."""
    start = program[2]
    count = int.from_bytes(program[start : start + 2], "big")
    if count == 0:
        return "Embedded"
    size = program[start + 2]
    first = int.from_bytes(program[start + 3 : start + 3 + size], "big")
    second = int.from_bytes(program[start + 3 + size : start + 3 + 2 * size], "big")
    data = start + 3 + (count + 1) * size - 1
    return program[data + first : data + second].decode("ascii")


_FONTS: dict[str, _EmbeddableFont] = {}


def _font(code: str) -> _EmbeddableFont:
    # Each font program is read once per process.
    if code not in _FONTS:
        _FONTS[code] = _EmbeddableFont(code)
    return _FONTS[code]


def stamp_font() -> _EmbeddableFont:
    return _font("helv")


def embed_standard_fonts(pdf: pikepdf.Pdf) -> int:
    """Embed the standard fonts a PDF only names (WinAnsi-encoded simple fonts); returns how many.

    Writers such as PyMuPDF's insert_text leave Helvetica or Times unembedded; proceedings need every
    font in the file. Fonts in other encodings are left for the check to report.
    """
    replaced: dict[tuple[int, int], Dictionary] = {}
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", Dictionary()).get("/Font")
        if not isinstance(fonts, Dictionary):
            continue
        for key, font in list(fonts.items()):
            if not (isinstance(font, Dictionary) and font.is_indirect) or _unembedded_name(font) is None:
                continue
            base = str(font.get("/BaseFont", ""))[1:]
            if font.objgen not in replaced:
                if base not in STANDARD_FONTS or font.get("/Encoding") != Name.WinAnsiEncoding:
                    continue
                replaced[font.objgen] = _font(STANDARD_FONTS[base]).dictionary(pdf)
            fonts[key] = replaced[font.objgen]
    return len(replaced)


def encode_text(text: str) -> bytes:
    """Text in the stamp font's encoding; letters it lacks lose their accents, or become '?'."""
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore")
            out += base or b"?"
    return bytes(out)


# --- writing ------------------------------------------------------------------------------------------


def set_page_labels(pdf: pikepdf.Pdf, *, first_page: int) -> None:
    """Readers show the volume's page numbers for a paper on its own too."""
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, St=first_page)]))


def pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def document_info(*, title: str, author: str, subject: str, keywords: str, moment: datetime) -> dict[str, str]:
    """The document info of a paper or the volume, by key (without the slash)."""
    date = pdf_date(moment)
    return {
        "Title": title,
        "Author": author,
        "Subject": subject,
        "Keywords": keywords,
        "Creator": "SLLM workshop platform",
        "Producer": f"pikepdf {pikepdf.__version__}",
        "CreationDate": date,
        "ModDate": date,
    }


def write_stamp_font(target: Path) -> Path:
    """A small PDF holding the stamp font (under /SLLMStampFont in its catalog) for a paper worker.

    Made by the long-lived process that starts the workers: the font program comes from PyMuPDF, which a
    worker then never loads, and the file's bytes are made once per process.
    """
    global _STAMP_FONT_PDF
    if _STAMP_FONT_PDF is None:
        with pikepdf.new() as pdf:
            pdf.Root[STAMP_FONT_KEY] = stamp_font().dictionary(pdf)
            buffer = io.BytesIO()
            pdf.save(buffer, deterministic_id=True)
        _STAMP_FONT_PDF = buffer.getvalue()
    target.write_bytes(_STAMP_FONT_PDF)
    return target


_STAMP_FONT_PDF: bytes | None = None


# --- the volume ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutlineNode:
    title: str
    page: int  # 0-based page of the volume
    children: tuple["OutlineNode", ...] = ()


@dataclass(frozen=True)
class VolumeMetadata:
    title: str
    author: str
    subject: str
    keywords: str
    moment: datetime
