"""A site administrator creates an edition from the pages; it gets its two tracks and its first organizer."""

import datetime as dt

import pytest

from sllm.accounts.models import Role
from sllm.workshops.models import Edition, Track
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = "/organize/new-edition/"
FORM = {
    "name": "Workshop on Sparsity in LLMs 2026",
    "short_name": "SLLM 2026",
    "slug": "sllm-2026",
    "start_date": "2026-04-27",
    "end_date": "2026-04-27",
    "timezone": "Africa/Lagos",
    "venue": "Lagos",
    "openreview_venue_id": "ICLR.cc/2026/Workshop/SLLM",
    "submission_deadline": "2026-02-01T23:59",
}


def state() -> list:
    return [
        list(Edition.objects.values_list("slug", "timezone", "openreview_venue_id")),
        sorted(Track.objects.values_list("edition__slug", "kind", "page_limit", "submission_deadline")),
        sorted(Role.objects.values_list("user__email", "edition__slug", "kind")),
    ]


@pytest.fixture
def admin(db):
    return factories.UserFactory(email="admin@example.org", is_staff=True)


def test_a_site_administrator_creates_an_edition(admin, client_for):
    response = client_for(admin).post(PAGE, FORM)

    assert (response.status_code, response["Location"]) == (302, "/organize/sllm-2026/")
    deadline = dt.datetime(2026, 2, 1, 22, 59, tzinfo=dt.UTC)  # 23:59 in Lagos (UTC+1)
    assert state() == [
        [("sllm-2026", "Africa/Lagos", "ICLR.cc/2026/Workshop/SLLM")],
        [("sllm-2026", "main", 5, deadline), ("sllm-2026", "tiny", 2, deadline)],
        [("admin@example.org", "sllm-2026", "organizer")],
    ]


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("stranger", 403), ("organizer", 403)])
def test_only_site_administrators_create_editions(request, client_for, who, status):
    user = request.getfixturevalue(who) if who else None
    before = Edition.objects.count()

    assert client_for(user).post(PAGE, FORM).status_code == status
    assert client_for(user).get(PAGE).status_code == status
    assert Edition.objects.count() == before


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        (
            {"slug": "not a slug"},
            {"slug": ["Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."]},
        ),
        ({"end_date": "2026-04-26"}, {"end_date": ["The edition ends before it starts."]}),
        (
            {"timezone": "Mars/Olympus"},
            {"timezone": ["Select a valid choice. Mars/Olympus is not one of the available choices."]},
        ),
        ({"name": ""}, {"name": ["This field is required."]}),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_stored(admin, client_for, change, errors):
    response = client_for(admin).post(PAGE, {**FORM, **change})

    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert state() == [[], [], []]


def test_a_taken_address_is_refused(admin, edition, client_for):
    response = client_for(admin).post(PAGE, {**FORM, "slug": edition.slug})

    assert response.status_code == 409
    assert response.context["form"].errors == {
        "slug": [f"An edition with the address '{edition.slug}' exists already."]
    }
    assert Edition.objects.count() == 1
