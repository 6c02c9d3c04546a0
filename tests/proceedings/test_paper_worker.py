"""The paper worker on its own: what it reports, and the page lookups that stay linear in the volume's length."""

import io
import json
from datetime import UTC, datetime

import pikepdf
import pymupdf
from pikepdf import Name

from sllm.proceedings.pdf import STAMP_FONT, OutlineNode, VolumeMetadata, papers

from .pdfs import write_pdf


def test_peak_memory_is_the_process_own_high_water_mark(tmp_path):
    status = tmp_path / "status"
    status.write_text("Name:\tpython\nVmPeak:\t  900000 kB\nVmHWM:\t    2560 kB\nVmRSS:\t    2048 kB\n")
    assert papers.peak_rss_mib(status) == 2.5


def test_peak_memory_is_unknown_without_a_status_file(tmp_path):
    assert papers.peak_rss_mib(tmp_path / "missing") is None


def _front_matter(path):
    """Two front pages, and beside them their one link to the volume: on the second, to the volume's page 4."""
    document = pymupdf.open()
    for index in range(2):
        page = document.new_page(width=612, height=792)
        page.insert_text((72, 72), f"Front page {index + 1}")
    document.save(path)
    return path, [(1, (72, 692, 200, 682), 4)]


def test_the_worker_writes_papers_and_volume_and_reports_its_own_peak(tmp_path):
    # Papers of 2 and 3 pages (body pages plus a References page).
    sources = [write_pdf(tmp_path, "one.pdf", body_pages=1), write_pdf(tmp_path, "two.pdf", body_pages=2)]
    stamps = [(1, "one"), (3, "two")]
    job = papers.write_job(
        tmp_path,
        moment=datetime(2026, 4, 27, tzinfo=UTC),
        volume=tmp_path / "volume.pdf",
        papers=[
            {
                "source": str(source),
                "target": str(tmp_path / f"stamped-{name}.pdf"),
                "stamp": {"header_left": "SLLM", "header_right": "Main", "first_page": first, "citation": name},
                "title": name,
                "author": "Ada Lovelace",
                "subject": "Proceedings",
                "keywords": "SLLM",
            }
            for source, (first, name) in zip(sources, stamps, strict=True)
        ],
    )
    finish = papers.finish_message(
        tmp_path,
        front=[_front_matter(tmp_path / "front.pdf")],
        front_pages=2,
        outline=[OutlineNode("Part I", 2, (OutlineNode("one", 2),)), OutlineNode("two", 4)],
        metadata=VolumeMetadata("Volume", "Editors", "S", "K", datetime(2026, 4, 27, tzinfo=UTC)),
    )
    said = []
    papers.run(job, io.StringIO(json.dumps(finish) + "\n"), said.append)

    assert said[:2] == ["stamped 1", "stamped 2"]
    assert said[2].startswith("done ") and len(said) == 3
    done = json.loads(said[2][len("done ") :])
    assert sorted(done) == [
        "merging_cpu_s",
        "merging_s",
        "pages",
        "papers_peak_rss_mib",
        "peak_rss_mib",
        "stamping_cpu_s",
        "stamping_s",
        "waiting_s",
    ]
    assert done["pages"] == 7
    # The peak of this very process, read again afterwards, cannot be lower than what the worker reported.
    assert 0 < done["papers_peak_rss_mib"] <= done["peak_rss_mib"] <= papers.peak_rss_mib()
    for name, count in (("one", 2), ("two", 3)):
        with pikepdf.open(tmp_path / f"stamped-{name}.pdf") as paper:
            assert (len(paper.pages), str(paper.docinfo.Title)) == (count, name)
    with pikepdf.open(tmp_path / "volume.pdf") as volume:
        page_ids = [page.obj.objgen for page in volume.pages]
        assert [page.label for page in volume.pages] == ["i", "ii", "1", "2", "3", "4", "5"]
        with volume.open_outline() as outline:
            tree = [
                (item.title, page_ids.index(item.destination[0].objgen), [c.title for c in item.children])
                for item in outline.root
            ]
            child = outline.root[0].children[0]
            assert page_ids.index(child.destination[0].objgen) == 2
        assert tree == [("Part I", 2, ["one"]), ("two", 4, [])]
        (link,) = volume.pages[1].obj.Annots
        assert (link.Subtype, [float(v) for v in link.Rect]) == (Name.Link, [72, 692, 200, 682])
        assert (page_ids.index(link.Dest[0].objgen), link.Dest[1]) == (4, Name.Fit)
        assert "/Annots" not in volume.pages[0].obj
        # One stamp font for the whole volume.
        fonts = {page.obj.Resources.Font[STAMP_FONT].objgen for page in volume.pages[2:]}
        assert len(fonts) == 1
