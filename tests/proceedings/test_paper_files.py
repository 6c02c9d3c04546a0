"""The stamped papers' own files, written from the same objects as the volume: what a paper's catalog
holds stays in its file, references are renumbered and nothing else, and the files are valid PDF."""

import io
import json
import subprocess
from datetime import UTC, datetime

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from sllm.proceedings.pdf import STAMP_FONT, VolumeMetadata, papers

# Text that reads like references: it must come through as it is, not renumbered.
TRICKY = "see (1 0 R) and 2 0 R \\ 100%"


def _paper_with_catalog(path):
    """Two pages; an outline item and a named destination to page two; a link whose strings look like
    references; saved as PDF 2.0 with object streams."""
    pdf = pikepdf.new()
    for index in range(2):
        pdf.add_blank_page(page_size=(612, 792))
        pdf.pages[index].obj.Contents = pikepdf.Stream(pdf, b"BT /F1 12 Tf 72 720 Td (page %d) Tj ET" % (index + 1))
    link = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Link,
            Rect=Array([72, 700, 90, 712]),
            NM=String(TRICKY),
            A=Dictionary(S=Name.URI, URI=String("https://example.org/a(b)c")),
        )
    )
    pdf.pages[0].obj.Annots = Array([link])
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Second page", 1))
    pdf.Root.Names = Dictionary(Dests=Dictionary(Names=Array([String("results"), Array([pdf.pages[1].obj, Name.Fit])])))
    pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate, force_version="2.0")
    return path


def _paper_with_generation_one(path):
    """A one-page PDF written by hand whose page content is object 4 of generation 1."""
    content = b"BT /F1 12 Tf 20 100 Td (generation one) Tj ET"
    objects = [
        (1, 0, b"<< /Type /Catalog /Pages 2 0 R >>"),
        (2, 0, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        (
            3,
            0,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 1 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
        ),
        (4, 1, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)),
        (5, 0, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, generation, body in objects:
        offsets.append((len(out), generation))
        out += b"%d %d obj\n%s\nendobj\n" % (number, generation, body)
    start = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n"
    out += b"".join(b"%010d %05d n \n" % entry for entry in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % start
    path.write_bytes(bytes(out))
    return path


def _run(tmp_path, sources):
    moment = datetime(2026, 4, 27, tzinfo=UTC).isoformat()
    first, jobs = 1, []
    for source in sources:
        with pikepdf.open(source) as pdf:
            count = len(pdf.pages)
        jobs.append(
            {
                "source": str(source),
                "target": str(tmp_path / f"stamped-{source.stem}.pdf"),
                "stamp": {"header_left": "SLLM", "header_right": "Main", "first_page": first, "citation": "Cite"},
                "title": source.stem,
                "author": "Ada Lovelace",
                "subject": "Proceedings",
                "keywords": "SLLM",
            }
        )
        first += count
    front = pikepdf.new()
    front.add_blank_page()
    front.save(tmp_path / "front.pdf")
    job = papers.write_job(tmp_path, papers=jobs, moment=datetime.fromisoformat(moment), volume=tmp_path / "volume.pdf")
    finish = papers.finish_message(
        tmp_path,
        front=[(tmp_path / "front.pdf", [])],
        front_pages=1,
        outline=[],
        metadata=VolumeMetadata("Volume", "Editors", "S", "K", datetime.fromisoformat(moment)),
    )
    papers.run(job, io.StringIO(json.dumps(finish) + "\n"), lambda line: None)


def _checked(path) -> str:
    done = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_a_paper_keeps_its_outline_names_and_strings_in_its_own_file(tmp_path):
    _run(tmp_path, [_paper_with_catalog(tmp_path / "one.pdf")])

    stamped = tmp_path / "stamped-one.pdf"
    assert "WARNING" not in _checked(stamped)
    assert stamped.read_bytes().startswith(b"%PDF-2.0\n")
    with pikepdf.open(stamped) as paper:
        pages = [page.obj.objgen for page in paper.pages]
        assert [page.label for page in paper.pages] == ["1", "2"]
        assert str(paper.docinfo.Title) == "one"
        with paper.open_outline() as outline:
            (item,) = outline.root
            assert (item.title, pages.index(item.destination[0].objgen)) == ("Second page", 1)
        (name, destination) = paper.Root.Names.Dests.Names
        assert (str(name), pages.index(destination[0].objgen)) == ("results", 1)
        (link,) = paper.pages[0].obj.Annots
        assert (str(link.NM), str(link.A.URI)) == (TRICKY, "https://example.org/a(b)c")
        fonts = {page.obj.Resources.Font[STAMP_FONT].objgen for page in paper.pages}
        assert len(fonts) == 1
        assert paper.pages[1].obj.Resources.Font[STAMP_FONT].FontDescriptor.FontFile3.read_bytes()[:1] == b"\x01"


def test_the_volume_takes_the_pages_and_the_highest_version_but_not_a_papers_catalog(tmp_path):
    _run(tmp_path, [_paper_with_generation_one(tmp_path / "old.pdf"), _paper_with_catalog(tmp_path / "one.pdf")])

    volume = tmp_path / "volume.pdf"
    assert "WARNING" not in _checked(volume)
    assert volume.read_bytes().startswith(b"%PDF-2.0\n")
    with pikepdf.open(volume) as pdf:
        assert len(pdf.pages) == 4
        assert "/Names" not in pdf.Root and "/Outlines" not in pdf.Root
        (link,) = pdf.pages[2].obj.Annots
        assert str(link.NM) == TRICKY


def test_a_reference_of_another_generation_is_followed(tmp_path):
    _run(tmp_path, [_paper_with_generation_one(tmp_path / "old.pdf")])

    for path in (tmp_path / "stamped-old.pdf", tmp_path / "volume.pdf"):
        assert "WARNING" not in _checked(path)
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
        assert "generation one" in text
    # A PDF 1.4 paper's file says 1.7, the least the volume writes.
    assert (tmp_path / "stamped-old.pdf").read_bytes().startswith(b"%PDF-1.7\n")


def test_the_same_papers_give_the_same_bytes(tmp_path):
    outputs = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        _run(tmp_path / run, [_paper_with_catalog(tmp_path / run / "one.pdf")])
        outputs.append([(tmp_path / run / name).read_bytes() for name in ("stamped-one.pdf", "volume.pdf")])
    assert outputs[0] == outputs[1]
