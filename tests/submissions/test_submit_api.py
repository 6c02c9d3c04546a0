import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone

from sllm.submissions.models import Authorship, Paper, PaperFile
from tests.pdfs import pdf_upload

pytestmark = pytest.mark.django_db
URL = "/api/v1/papers/"
AUTHORS = [
    {"name": "Ada Lovelace", "email": "author@example.org", "is_student": True},
    {"name": "Alan Turing", "institution": "Manchester"},
]


def _payload(**overrides):
    data = {
        "edition": "sllm-2025",
        "track": "main",
        "title": "Sparse attention",
        "abstract": "We prune.",
        "topics": json.dumps(["Sparsity in Attention"]),
        "authors": json.dumps(AUTHORS),
        "pdf": pdf_upload(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _patch(client, url, data):
    return client.patch(url, encode_multipart(BOUNDARY, data), content_type=MULTIPART_CONTENT)


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*.pdf")) if root.exists() else []


def test_author_submits_through_the_api(client_for, author, main_track, settings):
    response = client_for(author).post(URL, _payload())

    assert response.status_code == 201
    paper = Paper.objects.get()
    assert response.json() == {
        "id": paper.pk,
        "edition": "sllm-2025",
        "number": 1,
        "track": "main",
        "title": "Sparse attention",
        "abstract": "We prune.",
        "topics": ["Sparsity in Attention"],
        "status": "submitted",
        "presentation": "",
        "over_page_limit": False,
        "authors": [
            {"position": 1, "name": "Ada Lovelace", "institution": "", "is_student": True, "openreview_id": ""},
            {
                "position": 2,
                "name": "Alan Turing",
                "institution": "Manchester",
                "is_student": False,
                "openreview_id": "",
            },
        ],
        "elsewhere": "",
        "elsewhere_venue": "",
    }
    stored = PaperFile.objects.get()
    assert (stored.kind, stored.pages, stored.main_pages, stored.within_limit, stored.page_limit) == (
        "submission",
        5,
        4,
        True,
        5,
    )
    assert Authorship.objects.get(position=1).user == author
    assert len(_stored_files(settings)) == 1


def test_over_limit_paper_is_stored_and_flagged(client_for, author, main_track):
    response = client_for(author).post(URL, _payload(pdf=pdf_upload(body_pages=7)))

    assert response.status_code == 201
    assert response.json()["over_page_limit"] is True
    assert list(PaperFile.objects.values_list("main_pages", "within_limit")) == [(7, False)]


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("paper.pdf", b"", content_type="application/pdf"), "empty"),
        (SimpleUploadedFile("paper.pdf", b"\x89PNG\r\n\x1a\nnot a pdf", content_type="application/pdf"), "not_pdf"),
        (SimpleUploadedFile("paper.pdf", b"%PDF-1.7\n1 0 obj\n<<", content_type="application/pdf"), "invalid_pdf"),
    ],
)
def test_bad_pdf_is_refused_by_content_and_nothing_is_stored(client_for, author, main_track, settings, upload, code):
    response = client_for(author).post(URL, _payload(pdf=upload))

    assert response.status_code == 400
    assert response.json()["error"] == code
    assert Paper.objects.count() == 0
    assert Authorship.objects.count() == 0
    assert _stored_files(settings) == []


def test_too_large_pdf_is_refused(client_for, author, main_track, settings):
    settings.MAX_PDF_BYTES = 1000
    response = client_for(author).post(URL, _payload())

    assert (response.status_code, response.json()["error"]) == (400, "too_large")
    assert Paper.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"abstract": " "}, "abstract"),
        ({"topics": json.dumps(["Astrology"])}, "topics"),
        ({"authors": json.dumps([])}, "authors"),
        ({"authors": json.dumps([{"name": ""}])}, "authors"),
    ],
)
def test_bad_fields_answer_400_naming_the_field_and_store_nothing(
    client_for, author, main_track, settings, overrides, field
):
    response = client_for(author).post(URL, _payload(**overrides))

    assert response.status_code == 400
    assert field in json.dumps(response.json())
    assert Paper.objects.count() == 0
    assert _stored_files(settings) == []


def test_unknown_track_is_refused(client_for, author, main_track):
    response = client_for(author).post(URL, _payload(track="poster"))

    assert response.status_code == 400
    assert response.json() == {"error": "invalid", "message": "Name an existing edition and track (main or tiny)."}
    assert Paper.objects.count() == 0


def test_deadline_is_enforced_on_the_server_in_the_editions_zone(client_for, author, main_track):
    main_track.submission_deadline = timezone.now() - dt.timedelta(minutes=1)
    main_track.save()

    response = client_for(author).post(URL, _payload())

    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "deadline_passed"
    assert body["message"].endswith("(Africa/Lagos).")
    assert Paper.objects.count() == 0


def test_anonymous_cannot_submit(client_for, main_track):
    response = client_for(None).post(URL, _payload())

    assert response.status_code == 403
    assert Paper.objects.count() == 0


def test_author_revises_until_the_deadline(client_for, author, main_track):
    client = client_for(author)
    paper_id = client.post(URL, _payload()).json()["id"]

    response = _patch(client, f"{URL}{paper_id}/", {"title": "Sparser attention", "pdf": pdf_upload(body_pages=3)})
    assert response.status_code == 200
    paper = Paper.objects.get()
    assert paper.title == "Sparser attention"
    assert list(PaperFile.objects.values_list("main_pages", flat=True)) == [3]

    main_track.submission_deadline = timezone.now() - dt.timedelta(seconds=1)
    main_track.save()
    late = _patch(client, f"{URL}{paper_id}/", {"title": "Too late"})
    assert late.status_code == 403
    paper.refresh_from_db()
    assert paper.title == "Sparser attention"


def test_others_cannot_revise_a_paper(client_for, author, reviewer, organizer, stranger, main_track):
    paper_id = client_for(author).post(URL, _payload()).json()["id"]

    for user in (reviewer, stranger, organizer):
        response = _patch(client_for(user), f"{URL}{paper_id}/", {"title": "Hijacked"})
        assert response.status_code == 404
    assert Paper.objects.get().title == "Sparse attention"
