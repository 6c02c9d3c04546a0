"""The one gateway to the PDF libraries of the proceedings.

WeasyPrint renders the front matter (imported lazily: it is slow to import and only the `pdf` queue needs
it); pikepdf (qpdf) inspects papers, stamps them and merges the volume. Nothing here knows Django.
"""

import logging
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

# Link targets inside the front matter: WeasyPrint writes them as URI links, the merge turns each into a
# link to the right page of the volume. The scheme cannot clash with a real address.
LINK_SCHEME = "sllm-volume:"
STAMP_FONT = Name("/SLLMStampF1")
# Points of slack when comparing page dimensions with paper formats (as the upload check does).
SIZE_TOLERANCE = 3.0
PAPER_FORMATS = {"A4": (595.3, 841.9), "Letter": (612.0, 792.0)}
STAMP_GRAY = 0.25
HEADER_SIZE = 8.0
FOOTER_SIZE = 8.0
CITATION_SIZE = 7.0


# --- front matter -------------------------------------------------------------------------------------


def render_html(html: str, *, stylesheet: Path, base_url: str, page_size: str) -> tuple[bytes, dict[str, int]]:
    """The PDF of an HTML document, and the 0-based page of each element id (for bookmarks)."""
    import weasyprint  # noqa: PLC0415 -- slow import, needed only by builds on the pdf queue

    # WeasyPrint reports every layout step at INFO; a build's own progress says enough.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    stylesheets = [weasyprint.CSS(filename=str(stylesheet)), weasyprint.CSS(string=f"@page {{ size: {page_size} }}")]
    document = weasyprint.HTML(string=html, base_url=base_url).render(stylesheets=stylesheets)
    anchors = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    return document.write_pdf(), anchors


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
    for name, (w, h) in PAPER_FORMATS.items():
        if abs(width - w) <= SIZE_TOLERANCE and abs(height - h) <= SIZE_TOLERANCE:
            return name
    return f"{width:.0f}x{height:.0f}pt"


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


# --- stamping -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    header_left: str
    header_right: str
    first_page: int  # the volume's page number of the paper's first page
    citation: str  # printed at the foot of the first page


# MuPDF's builtin fonts are the URW metric twins of the PDF standard fonts (CFF programs, freely licensed).
STANDARD_FONTS = {
    "Helvetica": "helv", "Helvetica-Bold": "hebo", "Helvetica-Oblique": "heit", "Helvetica-BoldOblique": "hebi",
    "Times-Roman": "tiro", "Times-Bold": "tibo", "Times-Italic": "tiit", "Times-BoldItalic": "tibi",
    "Courier": "cour", "Courier-Bold": "cobo", "Courier-Oblique": "coit", "Courier-BoldOblique": "cobi",
}


class _EmbeddableFont:
    """A standard font as an embedded simple font in WinAnsi encoding: program, name and widths."""

    def __init__(self, code: str):
        import pymupdf  # noqa: PLC0415 -- only for the font programs and their widths

        font = pymupdf.Font(code)
        self.program = font.buffer
        self.name = _cff_name(self.program)
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
        program = pikepdf.Stream(pdf, self.program)
        program.stream_dict.Subtype = Name.Type1C
        descriptor = Dictionary(
            Type=Name.FontDescriptor, FontName=Name("/" + self.name), Flags=self.flags,
            FontBBox=Array(self.bbox), ItalicAngle=-12 if self.flags & 64 else 0, Ascent=self.ascent,
            Descent=self.descent, CapHeight=self.ascent, StemV=88, FontFile3=program,
        )
        return pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/" + self.name), FirstChar=32,
            LastChar=255, Widths=Array(self.widths), Encoding=Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
        ))

    def width(self, text: bytes, size: float) -> float:
        return sum(self.widths[c - 32] if c >= 32 else 0 for c in text) * size / 1000


def _cff_name(program: bytes) -> str:
    """The font name in a bare CFF program's Name INDEX (the BaseFont must match it)."""
    start = program[2]
    count = int.from_bytes(program[start:start + 2], "big")
    if count == 0:
        return "Embedded"
    size = program[start + 2]
    first = int.from_bytes(program[start + 3:start + 3 + size], "big")
    second = int.from_bytes(program[start + 3 + size:start + 3 + 2 * size], "big")
    data = start + 3 + (count + 1) * size - 1
    return program[data + first:data + second].decode("ascii")


_FONTS: dict[str, _EmbeddableFont] = {}


def _font(code: str) -> _EmbeddableFont:
    # Each font program is read once per process.
    if code not in _FONTS:
        _FONTS[code] = _EmbeddableFont(code)
    return _FONTS[code]


def _stamp_font() -> _EmbeddableFont:
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
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore")
            out += base or b"?"
    return bytes(out)


def _literal(text: bytes) -> bytes:
    return b"(" + text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _fit(text: bytes, size: float, width: float, font: _EmbeddableFont) -> bytes:
    if font.width(text, size) <= width:
        return text
    while text and font.width(text + b"...", size) > width:
        text = text[:-1]
    return text.rstrip() + b"..."


def _placement(page: pikepdf.Page) -> tuple[bytes, float, float]:
    """The matrix from upright reader coordinates to the page's user space, and the upright size."""
    x0, y0, x1, y1 = (float(v) for v in page.cropbox)
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    matrix = {
        0: (1, 0, 0, 1, x0, y0),
        90: (0, 1, -1, 0, x1, y0),
        180: (-1, 0, 0, -1, x1, y1),
        270: (0, -1, 1, 0, x0, y1),
    }[rotate]
    width, height = (y1 - y0, x1 - x0) if rotate in (90, 270) else (x1 - x0, y1 - y0)
    return " ".join(f"{v:g}" for v in matrix).encode(), width, height


def _stamp_stream(page: pikepdf.Page, *, stamp: Stamp, number: int, first: bool, font: _EmbeddableFont) -> bytes:
    matrix, width, height = _placement(page)
    margin = min(54.0, width / 8)
    lines = []

    def text_at(text: bytes, size: float, x: float, y: float) -> None:
        lines.append(b"BT /SLLMStampF1 %g Tf %.2f %.2f Td %s Tj ET" % (size, x, y, _literal(text)))

    left = _fit(encode_text(stamp.header_left), HEADER_SIZE, width / 2 - margin, font)
    right = _fit(encode_text(stamp.header_right), HEADER_SIZE, width / 2 - margin, font)
    text_at(left, HEADER_SIZE, margin, height - 28)
    text_at(right, HEADER_SIZE, width - margin - font.width(right, HEADER_SIZE), height - 28)
    label = str(number).encode()
    text_at(label, FOOTER_SIZE, (width - font.width(label, FOOTER_SIZE)) / 2, 18)
    if first:
        citation = _fit(encode_text(stamp.citation), CITATION_SIZE, width - 2 * margin, font)
        text_at(citation, CITATION_SIZE, (width - font.width(citation, CITATION_SIZE)) / 2, 46)
    return b"Q q %s cm %g g\n%s\nQ\n" % (matrix, STAMP_GRAY, b"\n".join(lines))


def stamp_pdf(pdf: pikepdf.Pdf, stamp: Stamp) -> None:
    """Append a small content stream to every page: header, page number, and the citation on page one.

    The page's own content is wrapped in q/Q first, so whatever graphics state it leaves behind (a
    scaled matrix, a white fill) cannot move or hide the stamp. Nothing of the page is re-rendered.
    """
    font = _stamp_font()
    font_object = font.dictionary(pdf)
    opening = pikepdf.Stream(pdf, b"q\n")
    for index, page in enumerate(pdf.pages):
        # pikepdf has pushed inherited resources down to each page; pages sharing one dictionary all get
        # the same font under the same name, which is harmless.
        page.add_resource(font_object, Name.Font, STAMP_FONT)
        body = _stamp_stream(page, stamp=stamp, number=stamp.first_page + index, first=index == 0, font=font)
        page.contents_add(opening, prepend=True)
        page.contents_add(pikepdf.Stream(pdf, body), prepend=False)


# --- writing ------------------------------------------------------------------------------------------


def set_page_labels(pdf: pikepdf.Pdf, *, first_page: int) -> None:
    """Readers show the volume's page numbers for a paper on its own too."""
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, St=first_page)]))


def pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def set_metadata(pdf: pikepdf.Pdf, *, title: str, author: str, subject: str, keywords: str,
                 moment: datetime) -> None:
    """Document info with fixed dates; any XMP packet of the input goes, since it carries its own dates."""
    if "/Metadata" in pdf.Root:
        del pdf.Root.Metadata
    date = pdf_date(moment)
    pdf.docinfo = pdf.make_indirect(Dictionary(
        Title=pikepdf.String(title), Author=pikepdf.String(author), Subject=pikepdf.String(subject),
        Keywords=pikepdf.String(keywords), Creator=pikepdf.String("SLLM workshop platform"),
        Producer=pikepdf.String(f"pikepdf {pikepdf.__version__}"),
        CreationDate=pikepdf.String(date), ModDate=pikepdf.String(date),
    ))


def save(pdf: pikepdf.Pdf, target: Path) -> None:
    # deterministic_id: the trailer /ID comes from the content, so the same inputs give the same bytes;
    # qpdf would keep the first half of an input's /ID, so that goes too.
    if "/ID" in pdf.trailer:
        del pdf.trailer.ID
    pdf.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


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


def assemble_volume(
    *,
    front: bytes,
    papers: Iterable[Path],
    target: Path,
    outline: list[OutlineNode],
    link_pages: dict[str, int],
    metadata: VolumeMetadata,
    progress: Callable[[int], None] = lambda done: None,
) -> int:
    """Merge the front matter and the stamped papers into one volume; returns its page count.

    Front-matter links to `LINK_SCHEME + key` point at page `link_pages[key]` (0-based) once merged; a
    key without a page is an error, so the table of contents can never ship with a dead link.
    """
    volume = pikepdf.new()
    opened = []
    try:
        with pikepdf.open(_bytes_io(front)) as front_pdf:
            volume.pages.extend(front_pdf.pages)
        front_pages = len(volume.pages)
        shared_font = None
        for done, path in enumerate(papers, start=1):
            paper = pikepdf.open(path)
            opened.append(paper)
            start = len(volume.pages)
            volume.pages.extend(paper.pages)
            # Each stamped paper carries its own copy of the stamp font; the volume keeps one.
            for page in volume.pages[start:]:
                fonts = page.obj.Resources.Font
                if shared_font is None:
                    shared_font = fonts[STAMP_FONT]
                else:
                    fonts[STAMP_FONT] = shared_font
            progress(done)
        _resolve_links(volume, front_pages, link_pages)
        volume.Root.PageLabels = Dictionary(Nums=Array([
            0, Dictionary(S=Name.r), front_pages, Dictionary(S=Name.D, St=1),
        ]))
        volume.Root.PageMode = Name.UseOutlines
        with volume.open_outline() as tree:
            tree.root.extend(_outline_item(node) for node in outline)
        set_metadata(volume, title=metadata.title, author=metadata.author, subject=metadata.subject,
                     keywords=metadata.keywords, moment=metadata.moment)
        save(volume, target)
        return len(volume.pages)
    finally:
        volume.close()
        for paper in opened:
            paper.close()


def _bytes_io(data: bytes):
    import io  # noqa: PLC0415

    return io.BytesIO(data)


def _outline_item(node: OutlineNode) -> pikepdf.OutlineItem:
    item = pikepdf.OutlineItem(node.title, node.page, pikepdf.PageLocation.Fit)
    item.children.extend(_outline_item(child) for child in node.children)
    return item


def _resolve_links(volume: pikepdf.Pdf, front_pages: int, link_pages: dict[str, int]) -> None:
    for page in volume.pages[:front_pages]:
        for annotation in page.obj.get("/Annots", Array()):
            action = annotation.get("/A")
            if annotation.get("/Subtype") != "/Link" or not isinstance(action, Dictionary):
                continue
            uri = str(action.get("/URI", ""))
            if not uri.startswith(LINK_SCHEME):
                continue
            key = uri[len(LINK_SCHEME):]
            if key not in link_pages:
                raise ValueError(f"the front matter links to {key!r}, which is not in the volume")
            del annotation.A
            annotation.Dest = Array([volume.pages[link_pages[key]].obj, Name.Fit])


def front_matter_page_count(front: bytes) -> int:
    with pikepdf.open(_bytes_io(front)) as pdf:
        return len(pdf.pages)


def main(argv: list[str] | None = None) -> None:
    """`python -m sllm.proceedings.pdf HTML_FILE OUT_PDF STYLESHEET PAGE_SIZE`: render the front matter in a
    process of its own, so a build lays it out on one core while it stamps papers on the other. Writes
    OUT_PDF and, beside it, OUT_PDF.anchors.json (the page of each element id, and the seconds taken)."""
    import argparse  # noqa: PLC0415
    import json  # noqa: PLC0415
    import time  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="python -m sllm.proceedings.pdf")
    parser.add_argument("html", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("stylesheet", type=Path)
    parser.add_argument("page_size")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    document, anchors = render_html(args.html.read_text(), stylesheet=args.stylesheet,
                                    base_url=str(args.stylesheet.parent), page_size=args.page_size)
    args.out.write_bytes(document)
    sidecar = {"anchors": anchors, "seconds": time.perf_counter() - started}
    args.out.with_name(args.out.name + ".anchors.json").write_text(json.dumps(sidecar))


if __name__ == "__main__":
    main()
