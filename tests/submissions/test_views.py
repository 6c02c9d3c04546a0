"""The author's pages: submitting and revising on the web, their list, their PDF."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from sllm.submissions.models import Paper, PaperFile
from tests import factories
from tests.pdfs import pdf_upload, simple_paper_bytes

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "track": None,
        "title": "Sparse MoE routing",
        "abstract": "Experts, sparsely.",
        "topics": ["Mixture of Experts (MoEs) and Modularity"],
        "authors-TOTAL_FORMS": "2",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": "50",
        "authors-0-name": "Ada Lovelace",
        "authors-0-email": "author@example.org",
        "authors-0-is_student": "on",
        "authors-1-name": "",
        "pdf": pdf_upload(),
    }
    data.update(overrides)
    return data


def test_author_submits_on_the_web_and_sees_the_page_check(client_for, author, main_track):
    client = client_for(author)
    response = client.post("/author/sllm-2025/submit/", _form(track=main_track.pk))

    assert response.status_code == 302
    assert response["Location"] == "/author/sllm-2025/papers/"
    paper = Paper.objects.get()
    assert [(a.position, a.name, a.is_student, a.user) for a in paper.authorships.all()] == [
        (1, "Ada Lovelace", True, author)
    ]
    page = client.get("/author/sllm-2025/papers/").content.decode()
    assert "Sparse MoE routing" in page and "4 of 5 pages" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pdf": SimpleUploadedFile("paper.pdf", b"GIF89a", "application/pdf")}, "not a PDF"),
        ({"title": ""}, "This field is required."),
        ({"authors-0-name": "", "authors-0-email": "", "authors-0-is_student": ""}, "Please submit at least 1 form."),
    ],
)
def test_bad_web_submissions_answer_400_with_a_message_and_store_nothing(
    client_for, author, main_track, settings, overrides, message
):
    response = client_for(author).post("/author/sllm-2025/submit/", _form(track=main_track.pk, **overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Paper.objects.count() == 0
    assert sorted(settings.MEDIA_ROOT.rglob("*.pdf")) == []


def test_submit_page_needs_a_login(client_for, main_track):
    response = client_for(None).get("/author/sllm-2025/submit/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/author/sllm-2025/submit/")


@pytest.mark.parametrize(("who", "status"), [("author", 200), ("organizer", 404), ("reviewer", 404), ("stranger", 404)])
def test_only_authors_reach_the_edit_page_and_author_pdf(client_for, request, main_track, author, who, status):
    paper = factories.PaperFactory(track=main_track, number=7, submitted_by=author)
    stored = PaperFile(
        paper=paper,
        kind="submission",
        sha256="0" * 64,
        size=1,
        pages=5,
        main_pages=4,
        page_limit=5,
        within_limit=True,
        page_size="Letter",
    )
    stored.file.save("x.pdf", ContentFile(simple_paper_bytes()), save=True)
    client = client_for(request.getfixturevalue(who))

    assert client.get("/author/sllm-2025/papers/7/edit/").status_code == status
    pdf = client.get("/author/sllm-2025/papers/7/paper.pdf")
    assert pdf.status_code == status
    if status == 200:
        assert pdf["Content-Disposition"] == 'inline; filename="paper-7.pdf"'


@pytest.mark.parametrize(
    ("who", "status"), [(None, 302), ("author", 403), ("reviewer", 403), ("mentor", 403), ("organizer", 200)]
)
def test_dashboard_permission_matrix(client_for, request, main_track, who, status):
    factories.PaperFactory(track=main_track, number=1, title="Over the limit", over_page_limit=True)
    user = request.getfixturevalue(who) if who else None

    response = client_for(user).get("/organize/sllm-2025/")

    assert response.status_code == status
    if status == 200:
        section = dict(response.context["sections"])["submissions/dashboard_section.html"]
        assert section["counts"] == [
            {"kind": "main", "name": "Main track", "total": 1, "by_status": {"submitted": 1}, "over_limit": 1}
        ]


@pytest.mark.django_db(transaction=True)
def test_database_outage_answers_503_and_stores_nothing(client, main_track, author):
    client.force_login(author)
    form = _form(track=main_track.pk)
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        response = client.post("/author/sllm-2025/submit/", form)
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Nothing was saved" in response.content
    assert Paper.objects.count() == 0
