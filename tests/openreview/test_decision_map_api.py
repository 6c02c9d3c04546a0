"""The edition's map of OpenReview decisions over /api/v1/: read, replaced, patched, applied at once to
the synced papers, organizers only, and a bad entry refused with nothing stored."""

import pytest

from sllm.openreview.models import VenueLink
from sllm.openreview.services import venue_sync
from sllm.submissions.models import Paper
from sllm.workshops.models import Edition
from tests import factories

from .conftest import VENUE_ID
from .test_decisions_sync import venue  # noqa: F401 -- the venue with spotlight, poster and invited papers

pytestmark = pytest.mark.django_db

URL = "/api/v1/editions/sllm-2025/decision-map/"


@pytest.fixture
def chair(standin):
    venue_sync(slug="sllm-2025", venue_id=VENUE_ID)
    user = factories.UserFactory(email="chair@example.org")
    factories.grant(user, Edition.objects.get(slug="sllm-2025"), "organizer")
    return user


def verdicts() -> list[tuple]:
    return list(Paper.objects.order_by("number").values_list("number", "status", "presentation"))


def stored() -> dict:
    return VenueLink.objects.get().decision_map


def test_get_lists_the_map_and_every_option_with_its_verdict(chair, client_for):
    response = client_for(chair).get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "entries": [],
        "options": [
            {"decision": "Accept (Oral)", "status": "accepted", "presentation": "oral", "mapped": False, "papers": 1},
            {
                "decision": "Accept (Spotlight)",
                "status": "accepted",
                "presentation": "poster",
                "mapped": False,
                "papers": 1,
            },
            {
                "decision": "Accept (Poster)",
                "status": "accepted",
                "presentation": "poster",
                "mapped": False,
                "papers": 1,
            },
            {"decision": "Reject", "status": "rejected", "presentation": "", "mapped": False, "papers": 0},
            {"decision": "Invite to Workshop", "status": "", "presentation": "", "mapped": False, "papers": 1},
        ],
    }


def test_put_replaces_the_map_and_applies_it_at_once(chair, client_for):
    response = client_for(chair).put(
        URL,
        {
            "entries": [
                {"decision": "Accept (Spotlight)", "status": "accepted", "presentation": "oral"},
                {"decision": "Invite to Workshop", "status": "accepted", "presentation": "poster"},
            ]
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["entries"], body["papers_changed"]) == (
        [
            {"decision": "Accept (Spotlight)", "status": "accepted", "presentation": "oral"},
            {"decision": "Invite to Workshop", "status": "accepted", "presentation": "poster"},
        ],
        1,  # #6's unknown decision had made it a poster already
    )
    assert stored() == {
        "Accept (Spotlight)": {"status": "accepted", "presentation": "oral"},
        "Invite to Workshop": {"status": "accepted", "presentation": "poster"},
    }
    assert verdicts()[3:] == [(4, "accepted", "oral"), (5, "accepted", "poster"), (6, "accepted", "poster")]

    again = client_for(chair).put(URL, {"entries": []}, content_type="application/json")

    assert (again.status_code, again.json()["papers_changed"], stored()) == (200, 1, {})
    assert verdicts()[3:] == [(4, "accepted", "poster"), (5, "accepted", "poster"), (6, "accepted", "poster")]


def test_patch_changes_only_the_entries_it_names(chair, client_for):
    client_for(chair).put(
        URL,
        {"entries": [{"decision": "Accept (Spotlight)", "status": "accepted", "presentation": "oral"}]},
        content_type="application/json",
    )

    response = client_for(chair).patch(
        URL, {"entries": [{"decision": "Invite to Workshop", "status": "rejected"}]}, content_type="application/json"
    )

    assert (response.status_code, response.json()["papers_changed"]) == (200, 1)
    assert stored() == {
        "Accept (Spotlight)": {"status": "accepted", "presentation": "oral"},
        "Invite to Workshop": {"status": "rejected", "presentation": ""},
    }
    assert verdicts()[3:] == [(4, "accepted", "oral"), (5, "accepted", "poster"), (6, "rejected", "")]


@pytest.mark.parametrize(
    ("entries", "fields"),
    [
        (
            [{"decision": "Accept (Spotlight)", "status": "famous", "presentation": "oral"}],
            {"entries": {"0": {"status": ['"famous" is not a valid choice.']}}},
        ),
        (
            [{"decision": "Accept (Spotlight)", "status": "accepted", "presentation": "keynote"}],
            {"entries": {"0": {"presentation": ['"keynote" is not a valid choice.']}}},
        ),
        (
            [{"decision": "Accept (Spotlight)", "status": "accepted"}],
            {"entries": ["Accept (Spotlight): an accepted paper is an oral or a poster."]},
        ),
        (
            [{"decision": "Reject", "status": "rejected", "presentation": "poster"}],
            {"entries": ["Reject: only an accepted paper has a presentation."]},
        ),
        (
            [
                {"decision": "Reject", "status": "rejected"},
                {"decision": "Reject ", "status": "desk_rejected"},
            ],
            {"entries": ["Each decision once: Reject appears more than once."]},
        ),
        ([{"decision": "", "status": "rejected"}], {"entries": {"0": {"decision": ["This field may not be blank."]}}}),
        ("not a list", {"entries": {"non_field_errors": ['Expected a list of items but got type "str".']}}),
    ],
)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_bad_entry_is_a_400_naming_it_and_stores_nothing(chair, client_for, method, entries, fields):
    before = (verdicts(), stored())

    response = getattr(client_for(chair), method)(URL, {"entries": entries}, content_type="application/json")

    assert (response.status_code, response.json()["error"], response.json()["fields"]) == (400, "invalid", fields)
    assert (verdicts(), stored()) == before


def test_an_edition_without_a_venue_is_refused(organizer, client_for):
    response = client_for(organizer).put(
        URL, {"entries": [{"decision": "Reject", "status": "rejected"}]}, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"error": "no_venue", "message": "This edition is not linked to an OpenReview venue."},
    )
    assert VenueLink.objects.count() == 0


@pytest.mark.parametrize(("who", "status"), [(None, 403), ("reviewer", 403), ("author", 403), ("organizer", 200)])
@pytest.mark.parametrize("method", ["get", "put", "patch"])
def test_only_the_editions_organizers_reach_the_map(chair, client_for, request, who, status, method):
    user = chair if who == "organizer" else (request.getfixturevalue(who) if who else None)
    before = (verdicts(), stored())
    body = {"entries": [{"decision": "Invite to Workshop", "status": "rejected"}]}

    client = client_for(user)
    response = (
        client.get(URL) if method == "get" else getattr(client, method)(URL, body, content_type="application/json")
    )

    assert response.status_code == status
    if status == 403 or method == "get":
        assert (verdicts(), stored()) == before
    else:
        assert stored()["Invite to Workshop"] == {"status": "rejected", "presentation": ""}
