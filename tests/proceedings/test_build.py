import io
import json
import os
from pathlib import Path

import bibtexparser
import pikepdf
import pymupdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from sllm.proceedings import services
from sllm.proceedings.build import MANIFEST_FILE
from sllm.proceedings.pdf import papers as pdf_papers
from sllm.proceedings.pdf import unembedded_fonts
from sllm.submissions.models import PaperFile
from tests import factories

from .conftest import submit_camera_ready

pytestmark = pytest.mark.django_db

# Volume order: main #1 (5 pages), main #3 (6 pages), then the Tiny Papers part: #2 (3 pages).
EXPECTED_PAGES = {1: (1, 5), 3: (6, 11), 2: (12, 14)}


def build(edition, target, **kwargs):
    return services.volume_build(edition=edition, target=target, **kwargs)


def labels(document: pikepdf.Pdf) -> list[str]:
    return [page.label for page in document.pages]


def labels_of(doc) -> list[str]:
    return [page.get_label() for page in doc]


def test_build_places_papers_on_the_pages_the_toc_and_bibtex_give(edition, ready, tmp_path):
    manifest = build(edition, tmp_path / "out")

    front = manifest["front_matter_pages"]
    assert [(p["number"], p["first_page"], p["last_page"]) for p in manifest["papers"]] == [
        (1, 1, 5),
        (3, 6, 11),
        (2, 12, 14),
    ]
    assert manifest["pages"] == front + 14
    with pikepdf.open(tmp_path / "out" / "volume.pdf") as volume:
        romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][:front]
        assert labels(volume) == romans + [str(n) for n in range(1, 15)]
        with volume.open_outline() as outline:
            tree = [(item.title, [child.title for child in item.children]) for item in outline.root]
            targets = {item.title: item.destination[0].objgen for item in outline.root}
            paper_targets = {
                child.title: child.destination[0].objgen for item in outline.root for child in item.children
            }
        page_ids = [page.obj.objgen for page in volume.pages]
        assert [title for title, _ in tree][-2:] == ["Part I: Main track", "Part II: Tiny Papers"]
        assert tree[-2][1] == ["Pruning at scale", "Kernels for 2:4 & more"]
        assert tree[-1][1] == ["Tiny sparse attention"]
        assert [title for title, _ in tree][:-2] == ["Title page", "Contents", "Author index"]
        assert page_ids.index(targets["Title page"]) == 0
        assert {title: page_ids.index(objgen) - front + 1 for title, objgen in paper_targets.items()} == {
            "Pruning at scale": 1,
            "Kernels for 2:4 & more": 6,
            "Tiny sparse attention": 12,
        }
        assert volume.docinfo["/Title"] == "Proceedings of the SLLM 2025"
        assert str(volume.docinfo["/CreationDate"]) == "D:20260427000000Z"
    # Every link of the front matter points at the first page of a paper, numbered as the TOC prints it.
    with pymupdf.open(tmp_path / "out" / "volume.pdf") as doc:
        links = []
        for page in doc.pages(0, front):
            for link in page.get_links():
                text = page.get_textbox(link["from"]).strip()
                links.append((text, doc[link["page"]].get_label()))
        toc_page = next(i for i in range(front) if "Contents" in doc[i].get_text().splitlines())
        toc_lines = doc[toc_page].get_text().splitlines()
        toc_label = doc[toc_page].get_label()
    # Three from the contents ("6 · Kernels ..."), five from the author index ("6").
    printed = [(text.split(" · ")[0], target) for text, target in links]
    assert len(printed) == 3 + 5 and all(text == target for text, target in printed)
    assert sorted({target for _, target in links}) == ["1", "12", "6"]
    # Each entry: its first page and title (one link), then its authors; the footer's roman number last.
    assert toc_lines == [
        "Contents",
        "Part I: Main track",
        "1 · Pruning at scale",
        "Ada Lovelace, Alan Turing",
        "6 · Kernels for 2:4 & more",
        "Émile Zola, Ada Lovelace",
        "Part II: Tiny Papers",
        "12 · Tiny sparse attention",
        "Grace Hopper",
        toc_label,
    ]
    assert toc_label == "ii"


def test_stamped_papers_carry_header_page_numbers_and_citation(edition, ready, tmp_path):
    build(edition, tmp_path / "out")
    with pymupdf.open(tmp_path / "out" / "papers" / "paper-3.pdf") as doc:
        first, second = doc[0].get_text(), doc[1].get_text()
        assert [doc[i].get_label() for i in range(len(doc))] == ["6", "7", "8", "9", "10", "11"]
    # The stamp is drawn after the page's own content: it comes last in the text.
    assert first.splitlines()[-4:] == [
        "SLLM 2025",
        "Main track",
        "6",
        "Émile Zola and Ada Lovelace. Kernels for 2:4 & more. In Proceedings of the SLLM 2025, pages 6-11, 2026.",
    ]
    assert second.splitlines()[-3:] == ["SLLM 2025", "Main track", "7"]
    with pikepdf.open(tmp_path / "out" / "papers" / "paper-3.pdf") as stamped:
        assert unembedded_fonts(stamped) == []


def test_bibtex_parses_and_matches_the_volume(edition, ready, tmp_path):
    build(edition, tmp_path / "out")
    parsed = bibtexparser.loads((tmp_path / "out" / "volume.bib").read_text())
    assert [(e["ENTRYTYPE"], e["ID"], e["pages"], e["title"], e["author"]) for e in parsed.entries] == [
        ("inproceedings", "sllm2025-1", "1--5", "Pruning at scale", "Ada Lovelace and Alan Turing"),
        ("inproceedings", "sllm2025-3", "6--11", r"Kernels for 2:4 \& more", "Émile Zola and Ada Lovelace"),
        ("inproceedings", "sllm2025-2", "12--14", "Tiny sparse attention", "Grace Hopper"),
    ]
    assert {e["booktitle"] for e in parsed.entries} == {"Proceedings of the SLLM 2025"}
    single = bibtexparser.loads((tmp_path / "out" / "papers" / "paper-2.bib").read_text())
    assert [e["ID"] for e in single.entries] == ["sllm2025-2"]


def test_paper_page_and_proceedings_give_the_same_escaped_bibtex(client, edition, accepted, author, tmp_path):
    paper = accepted[0]
    paper.title = "50% sparsity & {more}"
    paper.save()
    for each, body in zip(accepted, [4, 2, 5], strict=True):
        submit_camera_ready(each, author, body_pages=body)
    build(edition, tmp_path / "out")
    volume = bibtexparser.loads((tmp_path / "out" / "papers" / "paper-1.bib").read_text()).entries
    page = bibtexparser.loads(client.get(reverse("website:paper", args=[edition.slug, 1])).context["bibtex"]).entries
    title = r"50\% sparsity \& \textbraceleft{}more\textbraceright{}"
    assert [(e["ID"], e["title"], e["author"]) for e in volume] == [
        ("sllm2025-1", title, "Ada Lovelace and Alan Turing")
    ]
    assert [(e["ID"], e["title"], e["author"]) for e in page] == [(e["ID"], e["title"], e["author"]) for e in volume]


def test_same_inputs_give_byte_identical_output(edition, ready, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777248000")
    build(edition, tmp_path / "a")
    build(edition, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert [str(f) for f in files][:3] == ["manifest.json", "papers/paper-1.bib", "papers/paper-1.pdf"]
    assert [(tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files] == [True] * len(
        files
    )
    with pikepdf.open(tmp_path / "a" / "volume.pdf") as volume:
        assert str(volume.docinfo["/ModDate"]) == "D:20260427000000Z"


def test_problems_stop_the_build_and_leave_the_previous_volume(edition, ready, tmp_path, author):
    target = tmp_path / "built" / "out"
    build(edition, target)
    before = (target / "volume.pdf").read_bytes()
    broken = PaperFile.objects.get(paper=ready[1], kind="camera_ready")
    Path(broken.file.path).write_bytes(b"%PDF-1.4 cut short")
    with pytest.raises(services.BuildStopped) as stopped:
        build(edition, target)
    assert stopped.value.extra["problems"] == [
        {
            "number": 2,
            "title": "Tiny sparse attention",
            "reasons": ["The stored file changed after its check (checksum mismatch); upload it again."],
        }
    ]
    assert (target / "volume.pdf").read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["out"]


def test_missing_and_unconfirmed_papers_are_listed_with_reasons(edition, accepted, author, tmp_path):

    submit_camera_ready(accepted[0], author)
    with pytest.raises(services.BuildStopped) as stopped:
        build(edition, tmp_path / "out")
    missing = [
        "No camera-ready PDF uploaded.",
        "Final title and authors not confirmed, publication terms not accepted.",
    ]
    assert stopped.value.extra["problems"] == [
        {"number": 3, "title": "Kernels for 2:4 & more", "reasons": missing},
        {"number": 2, "title": "Tiny sparse attention", "reasons": missing},
    ]
    assert not (tmp_path / "out").exists()


def test_skip_problems_builds_without_them_and_says_so(edition, ready, tmp_path):
    PaperFile.objects.filter(paper=ready[0], kind="camera_ready").update(main_pages=9)
    manifest = build(edition, tmp_path / "out", skip_problems=True)
    assert [p["number"] for p in manifest["papers"]] == [3, 2]
    assert [(p["first_page"], p["last_page"]) for p in manifest["papers"]] == [(1, 6), (7, 9)]
    assert manifest["skipped"] == [
        {"number": 1, "title": "Pruning at scale", "reasons": ["9 main pages; the limit is 6."]}
    ]


def test_a_build_that_dies_midway_leaves_the_previous_volume(edition, ready, tmp_path, monkeypatch):
    target = tmp_path / "built" / "out"
    build(edition, target)
    before = json.loads((target / MANIFEST_FILE).read_text())

    original_finish = pdf_papers.PaperWorker.finish

    def killed_midway(worker, **kwargs):
        # The paper worker dies after writing papers, before the volume.
        worker.process.kill()
        worker.process.wait()
        original_finish(worker, **kwargs)

    monkeypatch.setattr(pdf_papers.PaperWorker, "finish", killed_midway)
    with pytest.raises(RuntimeError, match="Stamping the papers failed"):
        build(edition, target)
    assert json.loads((target / MANIFEST_FILE).read_text()) == before
    leftovers = [p.name for p in target.parent.iterdir() if p.name != "out"]
    assert len(leftovers) == 1 and leftovers[0].startswith(".out.staging-")
    monkeypatch.undo()
    build(edition, target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["out"]


def test_command_prints_the_manifest_as_json(edition, ready, tmp_path, capsys):
    call_command("build_proceedings", "--workshop", edition.slug, "--out", str(tmp_path / "out"))
    printed = json.loads(capsys.readouterr().out)
    assert printed["out"] == str(tmp_path / "out")
    assert [(p["number"], p["first_page"], p["last_page"], p["pdf"]) for p in printed["papers"]] == [
        (1, 1, 5, "papers/paper-1.pdf"),
        (3, 6, 11, "papers/paper-3.pdf"),
        (2, 12, 14, "papers/paper-2.pdf"),
    ]
    assert printed["skipped"] == []


def test_command_reports_problems_as_json_on_stderr(edition, accepted, tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("build_proceedings", "--workshop", edition.slug, "--out", str(tmp_path / "out"))
    assert exited.value.code == 1
    error = json.loads(capsys.readouterr().err)
    assert (error["error"], [p["number"] for p in error["problems"]]) == ("camera_ready_problems", [1, 3, 2])
    assert not (tmp_path / "out").exists()


def test_command_unknown_edition(db, tmp_path, capsys):
    with pytest.raises(SystemExit):
        call_command("build_proceedings", "--workshop", "nope", "--out", str(tmp_path / "out"))
    assert json.loads(capsys.readouterr().err) == {"error": "not_found", "message": "No edition with the slug 'nope'."}


def test_front_matter_lists_organizers_and_committee(edition, ready, tmp_path):
    factories.grant(factories.UserFactory(full_name="Olga Organizer", affiliation="Mila"), edition, "organizer")
    factories.grant(factories.UserFactory(full_name="Rita Reviewer", affiliation="KTH"), edition, "reviewer")
    manifest = build(edition, tmp_path / "out")
    with pymupdf.open(tmp_path / "out" / "volume.pdf") as doc:
        text = "\n".join(doc[i].get_text() for i in range(manifest["front_matter_pages"]))
    assert "Olga Organizer, Mila" in text and "Rita Reviewer (KTH)" in text
    assert "Lovelace, Ada 1, 6" in text.replace("\n", " ").replace(",  ", ", ")


def test_page_labels_of_a_stamped_paper_are_valid_pdf(edition, ready, tmp_path):
    build(edition, tmp_path / "out")
    data = (tmp_path / "out" / "volume.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(data)) as volume:
        assert volume.check_pdf_syntax() == []
    assert os.path.getsize(tmp_path / "out" / "volume.pdf") == len(data)
