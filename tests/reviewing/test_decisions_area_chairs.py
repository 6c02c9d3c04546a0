"""Area chairs (imported from the venue's Area_Chairs group) read the decisions of the papers they chair:
the rows of those papers only, less any they have a conflict with, without deciding, exporting or mapping."""

import pytest

from sllm.openreview.invitations.services import landing_url
from sllm.openreview.models import Invitation
from sllm.reviewing.models import Assignment, Conflict
from tests import factories

from .test_decisions import PAGE, papers, state  # noqa: F401 -- the three papers of the decisions tests

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(edition, papers):  # noqa: F811 -- the fixture imported above
    user = factories.UserFactory(email="ac@example.org", full_name="Sofia Rossi")
    factories.grant(user, edition, "area_chair")
    for number in (1, 3):
        Assignment.objects.create(paper=papers[number], reviewer=user, role=Assignment.Role.AREA_CHAIR)
    Assignment.objects.create(paper=papers[2], reviewer=user, role=Assignment.Role.REVIEWER)  # reviews, not chairs
    Conflict.objects.create(paper=papers[3], reviewer=user)
    return user


def test_an_area_chair_reads_the_rows_of_the_papers_they_chair_without_conflict(chair, client_for):
    page = client_for(chair).get(PAGE)

    assert page.status_code == 200
    assert [(r["number"], r["meta_review"]) for r in page.context["rows"]] == [(1, "Accept (Poster)")]
    html = page.content.decode()
    assert (page.context["can_decide"], page.context["undecided"]) == (False, [])
    assert ("/organize/sllm-2025/decisions/1/" in html, "decisions.csv" in html, "decisions/map/" in html) == (
        False,
        False,
        False,
    )


def test_an_organizer_still_sees_every_paper_and_the_controls(papers, organizer, client_for):  # noqa: F811
    page = client_for(organizer).get(PAGE)

    assert ([r["number"] for r in page.context["rows"]], page.context["can_decide"]) == ([1, 2, 3], True)


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/organize/sllm-2025/decisions/1/", None),
        ("post", "/organize/sllm-2025/decisions/1/", {"outcome": "reject", "reason": "Weak."}),
        ("get", "/organize/sllm-2025/decisions.csv", None),
        ("get", "/organize/sllm-2025/decisions/map/", None),
        ("post", "/api/v1/editions/sllm-2025/papers/1/decision/", {"outcome": "reject", "reason": "Weak."}),
    ],
)
def test_an_area_chair_decides_nothing(chair, client_for, method, path, data):
    before = state()

    response = getattr(client_for(chair), method)(path, data) if data else client_for(chair).get(path)

    assert (response.status_code, state()) == (403, before)


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("reviewer", 403), ("author", 403), ("mentor", 403)])
def test_people_who_neither_organize_nor_chair_see_no_decisions(papers, request, client_for, who, status):  # noqa: F811
    user = request.getfixturevalue(who) if who else None

    assert client_for(user).get(PAGE).status_code == status


def test_an_area_chair_who_claims_their_account_lands_on_the_decisions(chair, edition):
    invitation = Invitation(edition=edition, user=chair, profile_id="~Sofia_Rossi1", role=Invitation.Role.AREA_CHAIR)

    assert landing_url(invitation=invitation) == PAGE
