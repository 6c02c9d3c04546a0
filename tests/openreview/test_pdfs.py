"""PDFs of synced papers: fetched through the gateway from the stand-in's GET /attachment, judged like
an upload, stored under a random name without identifying metadata, fetched again only when OpenReview's
copy changed; a failed fetch is a warning on the run and is retried by the next sync."""

import base64
import io
from pathlib import Path

import pikepdf
import pytest

from sllm.openreview.models import SubmissionRecord
from sllm.submissions.models import Paper, PaperFile
from tests import factories
from tests.pdfs import simple_paper_bytes

from .conftest import control, small_venue, sync

pytestmark = pytest.mark.django_db


def with_author(data: bytes, author: str) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.docinfo["/Author"] = author
        pdf.docinfo["/Title"] = "Secret draft"
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


MAIN_PDF = with_author(simple_paper_bytes(body_pages=4, title="Pruning at scale"), "Ada Lovelace")
LONG_TINY_PDF = simple_paper_bytes(body_pages=4, title="Tiny sparse attention")


@pytest.fixture
def venue():
    venue = small_venue()
    venue.attach(1, MAIN_PDF)
    venue.attach(2, LONG_TINY_PDF)
    venue.attach(3, simple_paper_bytes(body_pages=1))  # withdrawn: never fetched
    return venue


@pytest.fixture(autouse=True)
def _fetch_pdfs(standin, settings):
    settings.OPENREVIEW_FETCH_PDFS = True


def attachment_requests(standin) -> list[str]:
    return [r["path"] for r in control(standin, "requests")["requests"] if r["path"] == "/attachment"]


def files() -> list[tuple]:
    return sorted(
        (f.paper.number, f.kind, f.pages, f.main_pages, f.page_limit, f.within_limit, f.paper.over_page_limit)
        for f in PaperFile.objects.select_related("paper")
    )


def test_the_sync_fetches_each_active_papers_pdf_and_checks_it_like_an_upload(standin):
    control(standin, "requests", {})

    run = sync()

    assert (run.status, run.counts["pdfs"]) == ("succeeded", {"created": 2, "updated": 0, "deleted": 0})
    assert attachment_requests(standin) == ["/attachment", "/attachment"]
    assert files() == [(1, "submission", 5, 4, 5, True, False), (2, "submission", 5, 4, 2, False, True)]
    stored = PaperFile.objects.get(paper__number=1)
    assert Path(stored.file.name).parent.as_posix() == "papers/submission"
    with pikepdf.open(stored.file.path) as pdf:
        # The same rule as an upload's: who wrote it goes, the title stays.
        assert ("/Author" in pdf.docinfo, str(pdf.docinfo["/Title"])) == (False, "Secret draft")


def test_a_second_sync_fetches_nothing(standin):
    sync()
    control(standin, "requests", {})

    run = sync()

    assert (attachment_requests(standin), run.rows_written, "pdfs" in run.counts) == ([], 0, False)


def test_a_pdf_changed_on_openreview_is_fetched_again(standin, venue):
    sync()
    before = PaperFile.objects.get(paper__number=1).sha256
    note = venue.notes[venue.submissions[1]]
    new_pdf = simple_paper_bytes(body_pages=3, title="Pruning at scale, revised")
    control(standin, "attachments", {"path": "/pdf/revised.pdf", "base64": base64.b64encode(new_pdf).decode()})
    control(
        standin, "seed", {"notes": [{**note, "content": {**note["content"], "pdf": {"value": "/pdf/revised.pdf"}}}]}
    )
    control(standin, "requests", {})

    run = sync()

    assert run.counts["pdfs"] == {"created": 0, "updated": 1, "deleted": 0}
    assert len(attachment_requests(standin)) == 1
    after = PaperFile.objects.get(paper__number=1)
    assert (after.sha256 != before, after.pages) == (True, 4)
    assert SubmissionRecord.objects.get(paper__number=1).pdf_ref == "/pdf/revised.pdf"


def test_a_pdf_that_cannot_be_fetched_is_a_warning_and_is_retried_next_sync(standin, venue):
    note = venue.notes[venue.submissions[1]]
    control(standin, "seed", {"notes": [{**note, "content": {**note["content"], "pdf": {"value": "/pdf/late.pdf"}}}]})

    run = sync()

    assert run.status == "succeeded"
    assert run.warnings[-1] == (
        f"Paper 1: its PDF could not be fetched from OpenReview (Reading the pdf of {venue.submissions[1]}: "
        f"OpenReview answered 404 NotFoundError: The attachment pdf of {venue.submissions[1]} was not found); "
        "the next sync tries again."
    )
    assert (files()[0][0], SubmissionRecord.objects.get(paper__number=1).pdf_ref) == (2, "")

    control(standin, "attachments", {"path": "/pdf/late.pdf", "base64": base64.b64encode(MAIN_PDF).decode()})
    again = sync()

    assert again.counts["pdfs"] == {"created": 1, "updated": 0, "deleted": 0}
    assert [f[0] for f in files()] == [1, 2]


def test_a_pdf_that_fails_the_content_check_is_stored_and_flagged(standin, venue, client_for):
    note = venue.notes[venue.submissions[1]]
    control(
        standin, "attachments", {"path": "/pdf/broken.pdf", "base64": base64.b64encode(b"%PDF-1.7 broken").decode()}
    )
    control(standin, "seed", {"notes": [{**note, "content": {**note["content"], "pdf": {"value": "/pdf/broken.pdf"}}}]})

    run = sync()

    assert run.warnings[-1].startswith("Paper 1: the PDF on OpenReview fails the content check (invalid_pdf: ")
    assert run.warnings[-1].endswith("); stored and flagged for the organizers.")
    assert files()[0] == (1, "submission", 0, 0, 5, False, True)
    assert Paper.objects.get(number=1).over_page_limit is True
    refusal = PaperFile.objects.get(paper__number=1).refusal
    assert refusal == run.warnings[-1].split("content check (", 1)[1].removesuffix(
        "); stored and flagged for the organizers."
    )
    chair = factories.UserFactory(email="chair@example.org")
    factories.grant(chair, Paper.objects.get(number=1).edition, "organizer")
    page = client_for(chair).get("/organize/sllm-2025/").content.decode()
    assert f'<strong class="warn">refused, kept from OpenReview: {refusal}</strong>' in page


def test_the_public_paper_page_links_the_openreview_forum(standin, venue, client):
    sync()

    page = client.get("/sllm-2025/papers/1/")

    assert page.status_code == 200
    links = [line.strip() for line in page.content.decode().splitlines() if "paper-forum" in line]
    assert links == [
        f'<p class="paper-forum"><a href="https://openreview.net/forum?id={venue.submissions[1]}" '
        'rel="noopener">Reviews and discussion on OpenReview</a></p>'
    ]
