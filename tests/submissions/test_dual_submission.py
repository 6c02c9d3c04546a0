"""The dual-submission declaration: made on submission, checked, and filtered on by organizers."""

import pytest
from django.urls import reverse

from sllm.submissions.models import Paper
from sllm.workshops.services import call_update
from tests import factories
from tests.pdfs import pdf_upload

pytestmark = pytest.mark.django_db


def submit(client, edition, track, **extra):
    data = {
        "track": track.pk,
        "title": "Sparse heads",
        "abstract": "We prune attention heads.",
        "topics": ["Sparsity in Attention"],
        "authors-TOTAL_FORMS": "1",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": "50",
        "authors-0-name": "Ada",
        "pdf": pdf_upload(body_pages=3),
        **extra,
    }
    return client.post(reverse("submissions:submit", args=[edition.slug]), data)


def test_the_declaration_is_stored_with_the_paper(client_for, edition, main_track, author):
    response = submit(client_for(author), edition, main_track, elsewhere="published", elsewhere_venue=" ICML 2025 ")
    assert response.status_code == 302
    assert list(Paper.objects.values_list("elsewhere", "elsewhere_venue")) == [("published", "ICML 2025")]


@pytest.mark.parametrize(
    ("extra", "field", "error"),
    [
        (
            {"elsewhere": "under_review", "elsewhere_venue": ""},
            "__all__",
            "Name the venue where the work is under review or published.",
        ),
        (
            {"elsewhere": "rumoured"},
            "elsewhere",
            "Select a valid choice. rumoured is not one of the available choices.",
        ),
        (
            {"elsewhere": "published", "elsewhere_venue": "x" * 301},
            "elsewhere_venue",
            "Ensure this value has at most 300 characters (it has 301).",
        ),
    ],
)
def test_a_bad_declaration_is_refused_and_nothing_stored(client_for, edition, main_track, author, extra, field, error):
    response = submit(client_for(author), edition, main_track, **extra)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [error]
    assert Paper.objects.count() == 0


def test_the_editions_rule_stands_beside_the_declaration(client_for, edition, main_track, author, organizer):
    rule = "Work published at ICML, NeurIPS or ICLR is not eligible."
    call_update(
        edition=edition, text="Call", formatting_rules="", dual_submission_rule=rule, deadlines={}, user=organizer
    )
    form = client_for(author).get(reverse("submissions:submit", args=[edition.slug])).context["form"]
    assert form.fields["elsewhere"].help_text == rule
    page = client_for(None).get(reverse("website:cfp", args=[edition.slug]))
    assert page.context["dual_rule"] == rule


def test_organizers_filter_papers_by_the_declaration(client_for, edition, main_track, organizer):
    factories.PaperFactory(track=main_track, number=1)
    factories.PaperFactory(track=main_track, number=2, elsewhere="under_review", elsewhere_venue="NeurIPS 2026")
    factories.PaperFactory(track=main_track, number=3, elsewhere="published", elsewhere_venue="ICML 2025")
    client = client_for(organizer)
    url = reverse("workshops:dashboard", args=[edition.slug])

    def numbers(query):
        sections = dict(client.get(url + query).context["sections"])
        return [p.number for p in sections["submissions/dashboard_section.html"]["papers"]]

    assert numbers("") == [1, 2, 3]
    assert numbers("?elsewhere=any") == [2, 3]
    assert numbers("?elsewhere=published") == [3]
    assert numbers("?elsewhere=under_review") == [2]
    assert numbers("?elsewhere=bogus") == [1, 2, 3]
    assert "Published elsewhere: ICML 2025" in client.get(url).content.decode()


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("author", 403), ("reviewer", 403)])
def test_the_declarations_are_the_organizers(client_for, edition, main_track, author, reviewer, who, status):
    factories.PaperFactory(track=main_track, number=1, elsewhere="published", elsewhere_venue="ICML 2025")
    user = {"author": author, "reviewer": reviewer}.get(who)
    response = client_for(user).get(reverse("workshops:dashboard", args=[edition.slug]) + "?elsewhere=any")
    assert response.status_code == status
    assert b"ICML 2025" not in response.content


API = "/api/v1/papers/"


def api_submit(client, **extra):
    data = {
        "edition": "sllm-2025",
        "track": "main",
        "title": "Sparse heads",
        "abstract": "We prune attention heads.",
        "topics": '["Sparsity in Attention"]',
        "authors": '[{"name": "Ada"}]',
        "pdf": pdf_upload(body_pages=3),
        **extra,
    }
    return client.post(API, data)


def test_the_api_stores_the_declaration_and_returns_it(client_for, main_track, author):
    response = api_submit(client_for(author), elsewhere="under_review", elsewhere_venue=" NeurIPS 2026 ")
    assert response.status_code == 201
    body = response.json()
    assert (body["elsewhere"], body["elsewhere_venue"]) == ("under_review", "NeurIPS 2026")
    assert list(Paper.objects.values_list("elsewhere", "elsewhere_venue")) == [("under_review", "NeurIPS 2026")]


@pytest.mark.parametrize(
    ("extra", "message", "fields"),
    [
        (
            {"elsewhere": "under_review", "elsewhere_venue": ""},
            "Name the venue where the work is under review or published.",
            {"elsewhere_venue": "Required with this declaration."},
        ),
        (
            {"elsewhere": "rumoured"},
            "Say whether the work is under review or published elsewhere.",
            {"elsewhere": "Not one of the choices."},
        ),
        (
            {"elsewhere": "published", "elsewhere_venue": "x" * 301},
            "The venue is longer than 300 characters.",
            {"elsewhere_venue": "Too long."},
        ),
    ],
)
def test_the_api_refuses_a_bad_declaration_as_the_service_does(client_for, main_track, author, extra, message, fields):
    response = api_submit(client_for(author), **extra)
    assert response.status_code == 400
    body = response.json()
    assert (body["error"], body["message"], body["fields"]) == ("invalid", message, fields)
    assert Paper.objects.count() == 0


def test_the_api_revises_the_declaration(client_for, main_track, author):
    client = client_for(author)
    paper = Paper.objects.get(pk=api_submit(client).json()["id"])
    response = client.patch(
        f"{API}{paper.pk}/",
        {"elsewhere": "published", "elsewhere_venue": "ICML 2025"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["elsewhere"], response.json()["elsewhere_venue"]) == ("published", "ICML 2025")
    refused = client.patch(f"{API}{paper.pk}/", {"elsewhere_venue": ""}, content_type="application/json")
    assert refused.status_code == 400
    paper.refresh_from_db()
    assert (paper.elsewhere, paper.elsewhere_venue) == ("published", "ICML 2025")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("author", ("published", "ICML 2025")),
        ("organizer", ("published", "ICML 2025")),
        ("reviewer", (None, None)),
        (None, (None, None)),
    ],
)
def test_the_paper_detail_shows_the_declaration_to_authors_and_organizers(
    client_for, main_track, author, organizer, reviewer, who, expected
):
    paper = factories.PaperFactory(
        track=main_track,
        number=1,
        submitted_by=author,
        status=Paper.Status.ACCEPTED,
        elsewhere="published",
        elsewhere_venue="ICML 2025",
    )
    user = {"author": author, "organizer": organizer, "reviewer": reviewer}.get(who)
    body = client_for(user).get(f"{API}{paper.pk}/").json()
    assert (body["elsewhere"], body["elsewhere_venue"]) == expected
    listed = client_for(user).get(API).json()
    assert "elsewhere" not in listed["results"][0]
