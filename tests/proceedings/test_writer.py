"""The volume writer: pages of other PDFs written out under new numbers, with the page tree, outline, page
labels and document info it adds, checked with qpdf and read back with pikepdf."""

import io
import subprocess
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from sllm.proceedings.pdf import OutlineNode
from sllm.proceedings.pdf.outline import outline_items
from sllm.proceedings.pdf.writer import PdfFile, VolumeWriter

INFO = {"Title": "Proceedings of SLLM", "Author": "Émilie Ødegård, Ada Lovelace", "Producer": "pikepdf"}


def _paper(path, pages: int, *, inherited: bool = False):
    """A PDF of `pages` pages sharing one font and one image; with `inherited`, the pages take their
    /MediaBox, /Resources and /Rotate from their page tree node."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    image = pikepdf.Stream(
        pdf,
        zlib.compress(bytes(range(256)) * 3),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=16,
        Height=16,
        ColorSpace=Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=Name.FlateDecode,
    )
    resources = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Im1=image))
    for index in range(pages):
        content = pikepdf.Stream(
            pdf,
            b"BT /F1 12 Tf 72 720 Td (%s page %d) Tj ET q 16 0 0 16 72 600 cm /Im1 Do Q"
            % (path.stem.encode(), index + 1),
        )
        page = Dictionary(Type=Name.Page, Contents=content)
        if not inherited:
            page.MediaBox = Array([0, 0, 612, 792])
            page.Resources = resources
        page.Annots = Array(
            [
                pdf.make_indirect(
                    Dictionary(
                        Type=Name.Annot,
                        Subtype=Name.Link,
                        Rect=Array([72, 700.25, 90.5, 712]),
                        NM=String("Ωmega"),
                        Contents=String(b"\xe9\x00\xff"),
                        A=Dictionary(S=Name.URI, URI=String(f"https://doi.org/10.0000/{index}")),
                    )
                )
            ]
        )
        pdf.pages.append(pikepdf.Page(page))
    if inherited:
        pdf.Root.Pages.MediaBox = Array([0, 0, 595, 842])
        pdf.Root.Pages.Resources = resources
        pdf.Root.Pages.Rotate = 90
    pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return path


def _write_volume(tmp_path, target):
    sources = [_paper(tmp_path / "one.pdf", 2), _paper(tmp_path / "two.pdf", 3, inherited=True)]
    front = _paper(tmp_path / "front.pdf", 2)
    with VolumeWriter(target) as writer:
        for source in sources:
            # As opened here, pages do not get their inherited attributes from pikepdf: the writer adds them.
            with pikepdf.open(source, inherit_page_attributes=False) as pdf:
                copier = writer.copier(pdf)
                writer.paper_pages.extend(copier.add_pages(pdf.pages))
                copier.flush()
        with pikepdf.open(front) as pdf:
            copier = writer.copier(pdf)
            writer.front_pages = copier.add_pages(pdf.pages)
            copier.flush()
        writer.finish(
            outline=lambda: outline_items(
                [
                    OutlineNode("Part I: Main track", 2, (OutlineNode("One", 2), OutlineNode("Two", 4))),
                    OutlineNode("Index – ünïcode", 6),
                ]
            ),
            info=INFO,
        )
    return sources


def test_the_volume_passes_qpdf_check(tmp_path):
    _write_volume(tmp_path, tmp_path / "volume.pdf")
    checked = subprocess.run(["qpdf", "--check", tmp_path / "volume.pdf"], capture_output=True, text=True)
    assert checked.returncode == 0
    assert "No syntax or stream encoding errors found" in checked.stdout
    assert "WARNING" not in checked.stdout + checked.stderr


def test_pages_labels_outline_and_info(tmp_path):
    _write_volume(tmp_path, tmp_path / "volume.pdf")
    with pikepdf.open(tmp_path / "volume.pdf") as volume:
        page_ids = [page.obj.objgen for page in volume.pages]
        assert [page.label for page in volume.pages] == ["i", "ii", "1", "2", "3", "4", "5"]
        assert volume.Root.PageMode == Name.UseOutlines
        texts = [page.Contents.read_bytes().split(b"(")[1].split(b")")[0] for page in volume.pages]
        assert texts == [
            b"front page 1",
            b"front page 2",
            b"one page 1",
            b"one page 2",
            b"two page 1",
            b"two page 2",
            b"two page 3",
        ]
        with volume.open_outline() as outline:
            tree = [
                (
                    item.title,
                    page_ids.index(item.destination[0].objgen),
                    item.destination[1],
                    [(child.title, page_ids.index(child.destination[0].objgen)) for child in item.children],
                )
                for item in outline.root
            ]
        assert tree == [
            ("Part I: Main track", 2, Name.Fit, [("One", 2), ("Two", 4)]),
            ("Index – ünïcode", 6, Name.Fit, []),
        ]
        assert volume.Root.Outlines.Count == 4
        assert {key: str(value) for key, value in volume.docinfo.items()} == {"/" + k: v for k, v in INFO.items()}
        assert len(volume.trailer.ID) == 2


def test_objects_are_copied_as_they_are(tmp_path):
    sources = _write_volume(tmp_path, tmp_path / "volume.pdf")
    with pikepdf.open(tmp_path / "volume.pdf") as volume, pikepdf.open(sources[0]) as source:
        page, original = volume.pages[2].obj, source.pages[0].obj
        # Stream data as it was, still compressed, with its filter.
        image, original_image = page.Resources.XObject.Im1, original.Resources.XObject.Im1
        assert image.read_raw_bytes() == original_image.read_raw_bytes()
        assert image.Filter == Name.FlateDecode
        assert page.Contents.read_raw_bytes() == original.Contents.read_raw_bytes()
        (link,) = page.Annots
        assert [float(v) for v in link.Rect] == [72, 700.25, 90.5, 712]
        assert (str(link.NM), bytes(link.Contents)) == ("Ωmega", b"\xe9\x00\xff")
        assert str(link.A.URI) == "https://doi.org/10.0000/0"
        # Objects shared by a paper's pages are written once.
        assert page.Resources.Font.F1.objgen == volume.pages[3].obj.Resources.Font.F1.objgen
        assert page.Resources.Font.F1.objgen != volume.pages[4].obj.Resources.Font.F1.objgen


def test_pages_carry_what_they_inherited(tmp_path):
    _write_volume(tmp_path, tmp_path / "volume.pdf")
    with pikepdf.open(tmp_path / "volume.pdf") as volume:
        inherited = volume.pages[4].obj
        assert [float(v) for v in inherited.MediaBox] == [0, 0, 595, 842]
        assert inherited.Rotate == 90
        assert "/Im1" in inherited.Resources.XObject
        assert inherited.Parent.objgen == volume.Root.Pages.objgen


def test_the_same_pages_give_the_same_bytes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _write_volume(tmp_path / "a", tmp_path / "a" / "volume.pdf")
    _write_volume(tmp_path / "b", tmp_path / "b" / "volume.pdf")
    assert (tmp_path / "a" / "volume.pdf").read_bytes() == (tmp_path / "b" / "volume.pdf").read_bytes()


def test_offsets_past_4_gib_are_kept_whole():
    # A volume past 4 GiB is too big to write in a test: the file's position is moved there instead.
    out = io.BytesIO()
    pdf = PdfFile(out)
    pdf.write_object(1, b"<< /Type /Catalog >>")
    pdf._position += 2**32
    pdf.write_object(2, b"<< /Title (far) >>")
    pdf.end(root=1, info=2)

    xref = out.getvalue().split(b"xref\n")[1]
    assert xref.splitlines()[2:4] == [b"%010d 00000 n " % 15, b"%010d 00000 n " % (15 + 36 + 2**32)]
