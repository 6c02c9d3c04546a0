import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from sllm.program.models import Recording
from sllm.submissions.models import Paper, PaperFile
from tests import factories
from tests.pdfs import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(main_track, author):
    paper = factories.PaperFactory(
        track=main_track, number=4, status=Paper.Status.ACCEPTED, presentation="poster", submitted_by=author
    )
    factories.AuthorshipFactory(paper=paper, position=1, name="Ada", user=author)
    return paper


def stored(paper):
    return sorted(PaperFile.objects.filter(paper=paper).values_list("kind", "pages"))


def test_author_uploads_poster_slides_and_recording_on_the_paper_page(client_for, author, edition, paper):
    response = client_for(author).post(
        reverse("program:presenter", args=[edition.slug, paper.number]),
        {
            "poster": pdf_upload(body_pages=1),
            "slides": pdf_upload(body_pages=3),
            "recording": "https://www.youtube.com/watch?v=abc123",
        },
    )
    assert response.status_code == 302
    assert stored(paper) == [("poster", 2), ("slides", 4)]
    assert list(Recording.objects.values_list("paper__number", "url")) == [
        (4, "https://www.youtube.com/watch?v=abc123")
    ]


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_stored(client_for, author, edition, paper):
    upload = SimpleUploadedFile("poster.pdf", b"<html>not a pdf</html>")
    response = client_for(author).post(
        reverse("program:presenter", args=[edition.slug, paper.number]),
        {"poster": upload, "slides": pdf_upload(), "recording": "https://x.org/v"},
    )
    assert (response.status_code, response.context["error"].code) == (400, "not_pdf")
    assert (stored(paper), Recording.objects.count()) == ([], 0)


def test_an_empty_file_is_refused_and_nothing_stored(client_for, author, edition, paper):
    response = client_for(author).post(
        reverse("program:presenter", args=[edition.slug, paper.number]),
        {"poster": SimpleUploadedFile("poster.pdf", b"")},
    )
    assert (response.status_code, response.context["form"].errors) == (
        400,
        {"poster": ["The submitted file is empty."]},
    )
    assert stored(paper) == []


def test_a_non_https_recording_link_is_refused(client_for, author, edition, paper):
    response = client_for(author).post(
        reverse("program:presenter", args=[edition.slug, paper.number]), {"recording": "javascript:alert(1)"}
    )
    assert (response.status_code, Recording.objects.count()) == (400, 0)


@pytest.mark.parametrize("who", [None, "reviewer", "mentor", "organizer", "stranger"])
def test_only_the_papers_authors_reach_the_upload_page(request, client_for, edition, paper, who):
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)
    url = reverse("program:presenter", args=[edition.slug, paper.number])
    answers = (client.get(url).status_code, client.post(url, {"poster": pdf_upload()}).status_code)
    assert answers == ((302, 302) if user is None else (404, 404))
    assert stored(paper) == []


def test_uploads_wait_for_acceptance(client_for, author, edition, paper):
    Paper.objects.filter(pk=paper.pk).update(status=Paper.Status.SUBMITTED)
    response = client_for(author).post(
        reverse("program:presenter", args=[edition.slug, paper.number]), {"poster": pdf_upload()}
    )
    assert (response.status_code, response.context["error"].message, stored(paper)) == (
        400,
        "Posters, slides and recordings are for accepted papers.",
        [],
    )


def test_api_upload_and_recording(author, edition, paper):
    api = APIClient()
    api.force_authenticate(author)
    url = reverse("program:api-presenter-file", args=[edition.slug, paper.number, "slides"])
    response = api.post(url, {"file": pdf_upload(body_pages=2)}, format="multipart")
    assert (response.status_code, response.json()["kind"], response.json()["pages"]) == (201, "slides", 3)
    bad = api.post(url, {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 truncated")}, format="multipart")
    assert (bad.status_code, bad.json()["error"]) == (400, "invalid_pdf")
    rec = api.put(
        reverse("program:api-presenter-recording", args=[edition.slug, paper.number]),
        {"url": "https://vimeo.com/123"},
        format="json",
    )
    assert (rec.status_code, rec.json()) == (200, {"url": "https://vimeo.com/123"})
    assert stored(paper) == [("slides", 3)]


@pytest.mark.parametrize("who, status", [(None, 403), ("reviewer", 404), ("organizer", 404)])
def test_api_upload_is_for_the_papers_authors(request, edition, paper, who, status):
    api = APIClient()
    if who:
        api.force_authenticate(request.getfixturevalue(who))
    url = reverse("program:api-presenter-file", args=[edition.slug, paper.number, "poster"])
    response = api.post(url, {"file": pdf_upload()}, format="multipart")
    assert (response.status_code, stored(paper)) == (status, [])


def test_api_upload_retried_with_its_idempotency_key_is_stored_once(author, edition, paper):
    api = APIClient()
    api.force_authenticate(author)
    url = reverse("program:api-presenter-file", args=[edition.slug, paper.number, "poster"])
    headers = {"Idempotency-Key": "poster-1"}
    first = api.post(url, {"file": pdf_upload()}, format="multipart", headers=headers)
    stored = list(paper.files.filter(kind="poster").values("pk", "file"))
    retry = api.post(url, {"file": pdf_upload()}, format="multipart", headers=headers)

    assert [(a.status_code, a["Idempotent-Replayed"]) for a in (first, retry)] == [(201, "false"), (201, "true")]
    assert retry.json() == first.json()
    # The retry stored no second file: the first one is still the poster.
    assert list(paper.files.filter(kind="poster").values("pk", "file")) == stored
    assert len(stored) == 1
