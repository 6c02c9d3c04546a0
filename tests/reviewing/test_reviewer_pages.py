"""Reviewers' pages are double-blind: assigned papers only, no author identity anywhere, conflicts 404."""

import io
import tempfile
from pathlib import Path

import pikepdf
import pymupdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sllm.reviewing.models import Assignment, Conflict
from sllm.submissions import services as submission_services
from sllm.submissions.demo import demo_pdf
from tests import factories

pytestmark = pytest.mark.django_db

AUTHOR_NAME = "Adaline Quetzalcoatl"


@pytest.fixture
def papers(main_track, tiny_track, author, reviewer):
    """Paper 1 assigned to the reviewer, paper 2 assigned but conflicted, paper 3 not assigned."""
    made = []
    for number, track in ((1, main_track), (2, tiny_track), (3, main_track)):
        paper = factories.PaperFactory(
            track=track,
            number=number,
            title=f"Sparse paper {number}",
            abstract=f"Abstract {number}.",
            topics=["Sparsity in Attention"],
            submitted_by=author,
        )
        factories.AuthorshipFactory(paper=paper, position=1, name=AUTHOR_NAME, email="adaline@example.org", user=author)
        made.append(paper)
    Assignment.objects.create(paper=made[0], reviewer=reviewer)
    Assignment.objects.create(paper=made[1], reviewer=reviewer)
    Conflict.objects.create(paper=made[1], reviewer=reviewer, label="Conflict")
    return made


@pytest.fixture
def conflicted_reviewer(edition, papers):
    user = factories.UserFactory(email="conflicted@example.org")
    factories.grant(user, edition, "reviewer")
    Assignment.objects.create(paper=papers[0], reviewer=user)
    Conflict.objects.create(paper=papers[0], reviewer=user, label="Custom Conflict")
    return user


def visible_text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "who, home, paper1, paper2, api",
    [
        ("anonymous", 302, 302, 302, 403),
        ("author", 403, 403, 403, 403),
        ("reviewer", 200, 200, 404, 200),
        ("conflicted", 200, 404, 404, 200),
        ("organizer", 403, 403, 403, 403),
    ],
)
def test_permission_matrix(
    client_for, papers, author, reviewer, conflicted_reviewer, organizer, who, home, paper1, paper2, api
):
    user = {
        "anonymous": None,
        "author": author,
        "reviewer": reviewer,
        "conflicted": conflicted_reviewer,
        "organizer": organizer,
    }[who]
    client = client_for(user)
    before = (Conflict.objects.count(), Assignment.objects.count())
    answers = [client.get(f"/review/sllm-2025/{path}").status_code for path in ("", "papers/1/", "papers/2/")]
    answers.append(client.get("/api/v1/review/sllm-2025/papers/").status_code)
    assert answers == [home, paper1, paper2, api]
    assert (Conflict.objects.count(), Assignment.objects.count()) == before


def test_the_list_shows_assigned_papers_without_authors(client_for, papers, reviewer):
    response = client_for(reviewer).get("/review/sllm-2025/")
    text = visible_text(response)
    assert [p.number for p in response.context["papers"]] == [1]
    assert (
        AUTHOR_NAME in text,
        "adaline@example.org" in text,
        "Sparse paper 1" in text,
        "Sparse paper 2" in text,
        "Sparse paper 3" in text,
        "paper-1.pdf" in text,
    ) == (False, False, True, False, False, True)


def test_the_api_lists_exactly_the_double_blind_fields(client_for, papers, reviewer):
    response = client_for(reviewer).get("/api/v1/review/sllm-2025/papers/")
    assert response.json() == {
        "results": [
            {
                "number": 1,
                "title": "Sparse paper 1",
                "abstract": "Abstract 1.",
                "topics": ["Sparsity in Attention"],
                "track": "Main track",
                "pdf_url": "/review/sllm-2025/papers/1/paper-1.pdf",
            }
        ]
    }


def test_the_paper_page_shows_no_author(client_for, papers, reviewer):
    text = visible_text(client_for(reviewer).get("/review/sllm-2025/papers/1/"))
    assert (AUTHOR_NAME in text, "Abstract 1." in text, "Download paper-1.pdf" in text) == (
        False,
        True,
        False,
    )


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_takes_a_fixed_number_of_queries(
    client_for, edition, main_track, reviewer, django_assert_num_queries, count
):
    for number in range(1, count + 1):
        Assignment.objects.create(paper=factories.PaperFactory(track=main_track, number=number), reviewer=reviewer)
    client = client_for(reviewer)
    with django_assert_num_queries(5):
        response = client.get("/review/sllm-2025/")
    assert len(response.context["papers"]) == count


def _paper_with_author_metadata(path: Path) -> None:
    demo_pdf(path, title="Sparse paper", abstract="We prune. " * 40, body_pages=3)
    doc = pymupdf.open(path)
    doc.set_metadata({"author": AUTHOR_NAME, "creator": "LaTeX with hyperref", "title": "Sparse paper"})
    doc.save(path.with_suffix(".meta.pdf"))
    path.with_suffix(".meta.pdf").replace(path)


def test_the_served_pdf_has_no_author_metadata_and_a_neutral_name(client_for, main_track, author, reviewer):
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "Quetzalcoatl-camera.pdf"
        _paper_with_author_metadata(source)
        assert pymupdf.open(source).metadata["author"] == AUTHOR_NAME
        paper = submission_services.paper_submit(
            track=main_track,
            user=author,
            title="Sparse paper",
            abstract="We prune.",
            topics=[],
            authors=[{"name": AUTHOR_NAME, "email": "adaline@example.org"}],
            pdf=SimpleUploadedFile(source.name, source.read_bytes(), content_type="application/pdf"),
        )
    Assignment.objects.create(paper=paper, reviewer=reviewer)

    response = client_for(reviewer).get(f"/review/sllm-2025/papers/{paper.number}/paper-{paper.number}.pdf")

    body = b"".join(response.streaming_content)
    served = pikepdf.open(io.BytesIO(body))
    assert (response.status_code, response["Content-Disposition"]) == (
        200,
        f'inline; filename="paper-{paper.number}.pdf"',
    )
    info = served.trailer.get("/Info")
    info_keys = set(info.keys()) if isinstance(info, pikepdf.Dictionary) else set()
    assert (
        "/Author" in info_keys,
        "/Creator" in info_keys,
        "/Metadata" in served.Root,
        AUTHOR_NAME.encode() in body,
    ) == (False, False, False, False)


def test_a_pdf_under_another_number_is_not_there(client_for, papers, reviewer):
    assert client_for(reviewer).get("/review/sllm-2025/papers/1/paper-3.pdf").status_code == 404
