"""The organizers' panel: nominations, flags, turnout, state, results and the heat-map of margins."""

import pytest

from sllm.core.registry import DASHBOARD_PANELS
from sllm.reviewing.models import Review
from tests.reviewing.test_votes_world import cast, close, make_world, open_orals

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(edition, main_track, organizer, author, reviewer, mentor):
    return make_world(edition, main_track, organizer, author, reviewer, mentor)


DASHBOARD = "/organize/sllm-2025/votes/"


def test_the_panel_is_registered_on_the_dashboard():
    assert [(p.label, p.url_name) for p in DASHBOARD_PANELS if p.url_name == "votes:dashboard"] == [
        ("Oral vote and Best Student Paper", "votes:dashboard")
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("author", 403), ("r1", 403), ("r2", 403), ("mentor", 403), ("organizer", 200)],
)
def test_dashboard_permission_matrix(world, client_for, who, status):
    response = client_for(getattr(world, who) if who else None).get(DASHBOARD)

    assert response.status_code == status


def test_the_dashboard_shows_turnout_while_open_but_no_ballot(world, client_for):
    open_orals(world)
    cast(world, world.r1, [4, 1])

    page = client_for(world.organizer).get(DASHBOARD)

    assert page.context["orals"]["turnout"] == {"voters": 3, "ballots": 1, "percent": 33}
    assert (page.context["orals"]["margins"], page.context["orals"]["ranking"]) == (None, [])
    assert b"Turnout: <strong>1 of 3</strong> voters (33%)" in page.content
    assert page.content.count(b"Flagged") == 1 and b"Third Reviewer" in page.content


def test_the_heat_map_shows_every_margin_in_result_order(world, client_for):
    vote = open_orals(world)
    cast(world, world.r1, [3, 1, 2, 4])
    cast(world, world.r3, [3, 2])
    close(vote, world.organizer)

    margins = client_for(world.organizer).get(DASHBOARD).context["orals"]["margins"]

    assert (vote.result["ranking"], margins["columns"]) == ([[3], [1, 2], [4]], [3, 1, 2, 4])
    assert [[(c["paper"], c["margin"], c["level"]) for c in row["cells"]] for row in margins["rows"]] == [
        [(3, None, 0), (1, 2, 4), (2, 2, 4), (4, 2, 4)],
        [(3, -2, -4), (1, None, 0), (2, 0, 0), (4, 1, 2)],
        [(3, -2, -4), (1, 0, 0), (2, None, 0), (4, 2, 4)],
        [(3, -2, -4), (1, -1, -2), (2, -2, -4), (4, None, 0)],
    ]


@pytest.mark.parametrize("nominated", [1, 3])
def test_the_dashboard_runs_a_fixed_number_of_queries(world, client_for, django_assert_num_queries, nominated):
    Review.objects.filter(paper__number__gt=nominated).update(nominate_for_oral=False)
    client = client_for(world.organizer)

    with django_assert_num_queries(12):
        page = client.get(DASHBOARD)
    assert len(page.context["nominations"]) == nominated
