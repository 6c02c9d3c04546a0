"""Area chairs over /api/v1/: what the decisions page lets them do, and nothing more. They read the rows of
the papers they chair (less those they have a conflict with or wrote), one paper's row, never an author's
identity, and decide nothing; the organizers' answers stay as they were."""

import pytest

from sllm.reviewing.models import Assignment, Conflict
from sllm.reviewing.permissions import access_decisions
from tests import factories

from .test_decisions import PAGE, papers, state  # noqa: F401 -- the three papers of the decisions tests
from .test_decisions_area_chairs import chair  # noqa: F401 -- chairs 1 and 3, conflicted with 3, reviews 2

pytestmark = pytest.mark.django_db

LIST = "/api/v1/editions/sllm-2025/decisions/"


def paper_url(number) -> str:
    return f"/api/v1/editions/sllm-2025/papers/{number}/decision/"


ROW_OF_PAPER_1 = {
    "number": 1,
    "title": "Pruning at scale",
    "track": "Main track",
    "source": "Local",
    "status": "submitted",
    "presentation": "",
    "ratings": [8, 5],
    "mean_rating": 6.5,
    "confidences": [4, 3],
    "mean_confidence": 3.5,
    "meta_review": "Accept (Poster)",
    "openreview_decision": "",
    "nominations": 1,
    "student_eligible": True,
    "student_source": "authors",
}
NOT_AUTHENTICATED = {"detail": "Authentication credentials were not provided."}
NOT_YOURS = {"error": "forbidden", "message": "Only the edition's organizers and area chairs may see its decisions."}
ORGANIZERS_ONLY = {"error": "forbidden", "message": "Only the edition's organizers may do this."}
NO_SUCH_PAPER = {"detail": "No such paper."}


@pytest.fixture
def other_chair(edition, papers):  # noqa: F811 -- the fixture imported above
    """Chairs paper 2, which the first chair only reviews."""
    user = factories.UserFactory(email="ac2@example.org", full_name="Kenji Sato")
    factories.grant(user, edition, "area_chair")
    Assignment.objects.create(paper=papers[2], reviewer=user, role=Assignment.Role.AREA_CHAIR)
    return user


# ---- reading -------------------------------------------------------------------------------------------


def test_an_area_chair_lists_the_rows_of_the_papers_they_chair(chair, client_for):  # noqa: F811
    response = client_for(chair).get(LIST)

    assert (response.status_code, response.json()) == (200, [ROW_OF_PAPER_1])


def test_an_area_chair_reads_one_paper_they_chair(chair, client_for):  # noqa: F811
    response = client_for(chair).get(paper_url(1))

    assert (response.status_code, response.json()) == (200, ROW_OF_PAPER_1)


@pytest.mark.parametrize("who", ["chair", "other_chair", "organizer"])
def test_the_api_lists_what_the_page_shows(request, client_for, other_chair, who):
    user = request.getfixturevalue(who)

    page = client_for(user).get(PAGE, {"sort": "-rating"})
    api = client_for(user).get(LIST, {"sort": "-rating"})

    assert [r["number"] for r in api.json()] == [r["number"] for r in page.context["rows"]]
    assert [r["number"] for r in api.json()] == {"chair": [1], "other_chair": [2], "organizer": [1, 2, 3]}[who]


@pytest.mark.parametrize(
    ("sort", "numbers"),
    [
        ("number", [1, 2, 3]),
        ("-number", [3, 2, 1]),
        ("rating", [2, 1, 3]),
        ("-rating", [1, 2, 3]),
        ("title", [1, 3, 2]),
    ],
)
def test_an_area_chair_sorts_their_rows(chair, papers, client_for, sort, numbers):  # noqa: F811
    Conflict.objects.filter(reviewer=chair).delete()
    Assignment.objects.filter(paper=papers[2], reviewer=chair).update(role=Assignment.Role.AREA_CHAIR)

    response = client_for(chair).get(LIST, {"sort": sort})

    assert [r["number"] for r in response.json()] == numbers


def test_an_organizer_reads_any_paper_of_the_edition(papers, organizer, client_for):  # noqa: F811
    response = client_for(organizer).get(paper_url(3))

    assert (response.status_code, response.json()["number"], response.json()["student_source"]) == (
        200,
        3,
        "openreview",
    )


@pytest.mark.parametrize("count", [1, 3])
def test_an_area_chairs_list_costs_the_same_queries_for_one_or_three_papers(
    edition, main_track, client_for, count, django_assert_num_queries
):
    user = factories.UserFactory(email="ac@example.org")
    factories.grant(user, edition, "area_chair")
    for number in range(1, count + 1):
        paper = factories.PaperFactory(track=main_track, number=number)
        factories.AuthorshipFactory(paper=paper, position=1)
        Assignment.objects.create(paper=paper, reviewer=user, role=Assignment.Role.AREA_CHAIR)
    client = client_for(user)

    # session, user, edition, organizer role, area chair role, chaired papers; papers, reviews, meta-reviews
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert [r["number"] for r in response.json()] == list(range(1, count + 1))


# ---- who may: every endpoint and method ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "body"),
    [
        (None, 403, NOT_AUTHENTICATED),
        ("author", 403, NOT_YOURS),
        ("reviewer", 403, NOT_YOURS),
        ("mentor", 403, NOT_YOURS),
        ("stranger", 403, NOT_YOURS),
        ("chair", 200, [ROW_OF_PAPER_1]),
    ],
)
def test_who_lists_the_decisions(chair, request, client_for, who, status, body):  # noqa: F811
    user = request.getfixturevalue(who) if who else None
    before = state()

    response = client_for(user).get(LIST)

    assert (response.status_code, response.json(), state()) == (status, body, before)


@pytest.mark.parametrize(
    ("who", "number", "status", "body"),
    [
        (None, 1, 403, NOT_AUTHENTICATED),
        ("author", 1, 403, NOT_YOURS),
        ("reviewer", 1, 403, NOT_YOURS),
        ("mentor", 1, 403, NOT_YOURS),
        ("stranger", 1, 403, NOT_YOURS),
        ("chair", 1, 200, ROW_OF_PAPER_1),
        # Another chair's paper (the first chair only reviews it), a conflicted one and a missing one look alike.
        ("chair", 2, 404, NO_SUCH_PAPER),
        ("chair", 3, 404, NO_SUCH_PAPER),
        ("chair", 99, 404, NO_SUCH_PAPER),
        ("other_chair", 1, 404, NO_SUCH_PAPER),
        ("organizer", 99, 404, NO_SUCH_PAPER),
    ],
)
def test_who_reads_one_paper(chair, other_chair, request, client_for, who, number, status, body):  # noqa: F811
    user = request.getfixturevalue(who) if who else None
    before = state()

    response = client_for(user).get(paper_url(number))

    assert (response.status_code, response.json(), state()) == (status, body, before)


@pytest.mark.parametrize(
    "data",
    [
        {"outcome": "reject", "reason": "Weak reviews."},
        {"outcome": "accept_oral", "reason": "The strongest paper I chair."},
        {"outcome": "maybe", "reason": ""},
    ],
)
def test_an_area_chair_decides_nothing_through_the_api(chair, client_for, data):  # noqa: F811
    before = state()

    response = client_for(chair).post(paper_url(1), data)

    assert (response.status_code, response.json(), state()) == (403, ORGANIZERS_ONLY, before)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", LIST),
        ("put", LIST),
        ("patch", LIST),
        ("delete", LIST),
        ("put", paper_url(1)),
        ("patch", paper_url(1)),
        ("delete", paper_url(1)),
    ],
)
@pytest.mark.parametrize("who", ["chair", "organizer"])
def test_other_methods_are_not_allowed(chair, request, client_for, method, path, who):  # noqa: F811
    before = state()

    response = getattr(client_for(request.getfixturevalue(who)), method)(
        path, {"outcome": "reject", "reason": "x"}, content_type="application/json"
    )

    assert (response.status_code, response.json(), state()) == (
        405,
        {"detail": f'Method "{method.upper()}" not allowed.'},
        before,
    )


def test_an_area_chair_of_another_edition_sees_nothing_here(papers, client_for):  # noqa: F811
    elsewhere = factories.EditionFactory(slug="sllm-2026")
    user = factories.UserFactory(email="ac-2026@example.org")
    factories.grant(user, elsewhere, "area_chair")
    Assignment.objects.create(paper=papers[1], reviewer=user, role=Assignment.Role.AREA_CHAIR)

    answers = [client_for(user).get(path) for path in (LIST, paper_url(1))]

    assert [(a.status_code, a.json()) for a in answers] == [(403, NOT_YOURS), (403, NOT_YOURS)]


# ---- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["chair", "organizer"])
@pytest.mark.parametrize("sort", ["bogus", "-", "--rating", "Rating", "rating,title"])
def test_an_unknown_sort_is_refused(chair, request, client_for, who, sort):  # noqa: F811
    before = state()

    response = client_for(request.getfixturevalue(who)).get(LIST, {"sort": sort})

    assert (response.status_code, response.json()["error"], response.json()["fields"], state()) == (
        400,
        "invalid",
        {"sort": [f'"{sort}" is not a valid choice.']},
        before,
    )


@pytest.mark.parametrize("number", ["one", "-1", "1.0"])
def test_a_malformed_paper_number_is_not_found(chair, client_for, number):  # noqa: F811
    response = client_for(chair).get(f"/api/v1/editions/sllm-2025/papers/{number}/decision/")

    assert (response.status_code, response.json()) == (404, {"error": "not_found", "message": "No such resource."})


def test_an_unknown_edition_is_not_found(chair, client_for):  # noqa: F811
    answers = [client_for(chair).get(path.replace("sllm-2025", "nope")) for path in (LIST, paper_url(1))]

    assert [(a.status_code, a.json()) for a in answers] == [
        (404, {"detail": "No Edition matches the given query."})
    ] * 2


# ---- conflicts -----------------------------------------------------------------------------------------


def test_a_conflict_recorded_later_hides_the_paper_at_once(chair, papers, client_for):  # noqa: F811
    client = client_for(chair)
    assert client.get(paper_url(1)).status_code == 200

    Conflict.objects.create(paper=papers[1], reviewer=chair, source=Conflict.Source.DISCLOSED)

    assert (client.get(LIST).json(), client.get(paper_url(1)).status_code) == ([], 404)
    assert client.get(PAGE).context["rows"] == []


@pytest.mark.parametrize("link", ["account", "email", "submitter"])
def test_an_area_chair_never_sees_a_paper_they_wrote(chair, papers, edition, client_for, link):  # noqa: F811
    own = papers[1]
    if link == "account":
        factories.AuthorshipFactory(paper=own, position=3, name="Sofia Rossi", email="", user=chair)
    elif link == "email":
        factories.AuthorshipFactory(paper=own, position=3, name="Sofia Rossi", email="AC@example.org")
    else:
        own.submitted_by = chair
        own.save(update_fields=["submitted_by"])
    client = client_for(chair)

    answers = (client.get(LIST).json(), client.get(paper_url(1)).status_code, client.get(PAGE).context["rows"])

    assert answers == ([], 404, [])
    assert access_decisions(user=chair, slug=edition.slug)[1] == set()


# ---- double-blind ----------------------------------------------------------------------------------------


def test_no_author_identity_reaches_an_area_chair(chair, papers, author, client_for):  # noqa: F811
    user = factories.UserFactory(email="zelda.quartermain@uni.example", full_name="Zelda Quartermain")
    factories.AuthorshipFactory(
        paper=papers[1], position=3, name="Zelda Quartermain", email="zelda.quartermain@uni.example", user=user
    )
    identities = ["Zelda", "Quartermain", "zelda.quartermain", "ada@example.org", "bo@example.org", author.email]
    client = client_for(chair)

    bodies = [client.get(LIST).content.decode(), client.get(paper_url(1)).content.decode()]

    assert [[i for i in identities if i.lower() in body.lower()] for body in bodies] == [[], []]
    assert [set(row) for row in (client.get(LIST).json()[0], client.get(paper_url(1)).json())] == [
        set(ROW_OF_PAPER_1),
        set(ROW_OF_PAPER_1),
    ]
