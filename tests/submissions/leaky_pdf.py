"""A LaTeX-like paper that names its author everywhere a TeX toolchain and a PDF editor leave traces.

Built from scratch with pikepdf, object by object, so each kind of leak is present on purpose and nowhere
else: the Info dictionary (Author, Subject, Keywords, Creator, Producer, dates, pdfTeX's banner), the
document XMP, XMP on a page, a figure and an image, the `/PTEX.*` keys pdfTeX writes on every included
figure (its path under the author's home, its own Info dictionary), `/PieceInfo` on a page and a figure,
and the author of a sticky-note annotation and its popup.
"""

from pathlib import Path

import pikepdf

AUTHOR = "Ada Lovelace"
EMAIL = "ada@analytical.example"
LOGIN = "alovelace"  # the home folder pdfTeX records in /PTEX.FileName
TITLE = "Pruning Transformers Without Retraining"
# Every string that identifies the author; none may survive anonymization in any object of the file.
TRACES = ("lovelace", "ada@", "analytical", LOGIN)


def _xmp(pdf: pikepdf.Pdf, about: str) -> pikepdf.Stream:
    packet = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="{about}" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator><rdf:Seq><rdf:li>{AUTHOR}</rdf:li></rdf:Seq></dc:creator>"
        f"<dc:rights>{EMAIL}</dc:rights></rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()
    stream = pikepdf.Stream(pdf, packet)
    stream.Type = pikepdf.Name.Metadata
    stream.Subtype = pikepdf.Name.XML
    return pdf.make_indirect(stream)


def _piece_info() -> pikepdf.Dictionary:
    return pikepdf.Dictionary(
        Illustrator=pikepdf.Dictionary(
            LastModified=pikepdf.String("D:20250101120000Z"),
            Private=pikepdf.Dictionary(UserName=pikepdf.String(AUTHOR)),
        )
    )


def _text(lines: list[tuple[int, int, str]]) -> bytes:
    ops = []
    for size, y, line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"BT /F1 {size} Tf 72 {y} Td ({escaped}) Tj ET")
    return "\n".join(ops).encode()


def _body(first_y: int, count: int, words: str) -> list[tuple[int, int, str]]:
    return [(10, first_y - 12 * index, f"{words} line {index + 1} of the running text.") for index in range(count)]


def write_leaky_paper(path: Path, *, author_in_text: bool = False) -> Path:
    """Three A4 pages: title page, a page with a figure and a note, a page that starts the references."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )

    figure_info = pdf.make_indirect(
        pikepdf.Dictionary(Author=pikepdf.String(AUTHOR), Creator=pikepdf.String("matplotlib 3.9"))
    )
    image = pikepdf.Stream(
        pdf,
        bytes([0, 128, 255, 64]),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=2,
        Height=2,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
    )
    image.Metadata = _xmp(pdf, "figure image")
    image = pdf.make_indirect(image)
    figure = pikepdf.Stream(
        pdf,
        b"q 100 0 0 80 0 0 cm /Im1 Do Q",
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 100, 80],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=image)),
    )
    figure["/PTEX.FileName"] = pikepdf.String(f"/Users/{LOGIN}/papers/pruning/figures/speedup.pdf")
    figure["/PTEX.PageNumber"] = 1
    figure["/PTEX.InfoDict"] = figure_info
    figure.Metadata = _xmp(pdf, "figure")
    figure.PieceInfo = _piece_info()
    figure = pdf.make_indirect(figure)

    byline = [(11, 730, f"{AUTHOR} <{EMAIL}>")] if author_in_text else [(11, 730, "Anonymous authors")]
    pages = [
        [(16, 770, TITLE), *byline, (12, 700, "Abstract"), *_body(680, 30, "We prune half the weights")],
        [(12, 770, "3 Experiments"), *_body(750, 20, "Speedups hold at batch one")],
        [(12, 770, "References"), *_body(750, 10, "[1] A. Author. A cited paper")],
    ]
    for number, lines in enumerate(pages, start=1):
        content = _text(lines) + (b"\nq 1 0 0 1 72 300 cm /Fig1 Do Q" if number == 2 else b"")
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595.276, 841.89],
            Contents=pdf.make_stream(content),
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary(Fig1=figure)),
        )
        pdf.pages.append(pikepdf.Page(page))
    first = pdf.pages[0].obj
    first.Metadata = _xmp(pdf, "page 1")
    first.PieceInfo = _piece_info()
    second = pdf.pages[1].obj
    note = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Text,
            Rect=[400, 700, 420, 720],
            Contents=pikepdf.String("Check this number again."),
            T=pikepdf.String(AUTHOR),
            P=second,
        )
    )
    popup = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Popup,
            Rect=[420, 600, 560, 700],
            Parent=note,
            T=pikepdf.String(AUTHOR),
        )
    )
    note.Popup = popup
    second.Annots = pdf.make_indirect([note, popup])

    pdf.Root.Metadata = _xmp(pdf, "document")
    pdf.docinfo["/Title"] = TITLE
    pdf.docinfo["/Author"] = AUTHOR
    pdf.docinfo["/Subject"] = f"Submission by {AUTHOR}"
    pdf.docinfo["/Keywords"] = f"sparsity; pruning; {EMAIL}"
    pdf.docinfo["/Creator"] = "LaTeX with hyperref"
    pdf.docinfo["/Producer"] = "pdfTeX-1.40.25"
    pdf.docinfo["/CreationDate"] = "D:20250301120000+01'00'"
    pdf.docinfo["/ModDate"] = "D:20250301120000+01'00'"
    pdf.docinfo["/PTEX.Fullbanner"] = f"This is pdfTeX, run by {LOGIN}"
    pdf.save(path)
    return path


def every_object_text(path: Path) -> str:
    """The raw file and every object of it, streams decoded, lower-cased: where a trace could hide."""
    parts = [path.read_bytes().decode("latin-1")]
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                parts.append(repr(obj.stream_dict))
                parts.append(obj.read_bytes().decode("latin-1"))
            else:
                parts.append(repr(obj))
        parts.append(repr(pdf.trailer))
    return "\n".join(parts).lower()


def keys_anywhere(path: Path) -> set[str]:
    """Every dictionary key used by any object of the file."""
    keys: set[str] = set()
    with pikepdf.open(path) as pdf:
        pending = [*pdf.objects, pdf.trailer]
        while pending:
            obj = pending.pop()
            if isinstance(obj, pikepdf.Stream):
                obj = obj.stream_dict
            if isinstance(obj, pikepdf.Dictionary):
                keys.update(obj.keys())
                pending.extend(value for _, value in obj.items() if _direct_container(value))
            elif isinstance(obj, pikepdf.Array):
                pending.extend(item for item in obj if _direct_container(item))
    return keys


def _direct_container(value) -> bool:
    # Indirect objects are in pdf.objects already; scalars come back as Python values.
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Array)) and not value.is_indirect
