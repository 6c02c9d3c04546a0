"""Best Student Paper: the committee, nominations of eligible papers, the same secret vote, the award."""

import pytest

from sllm.accounts.models import Role
from sllm.reviewing.models import AwardNomination, Conflict, Vote
from sllm.reviewing.votes import selectors, services
from sllm.submissions.models import Paper
from tests import factories
from tests.reviewing.test_votes_world import close, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(edition, main_track, organizer, author, reviewer, mentor):
    return make_world(edition, main_track, organizer, author, reviewer, mentor)


NOMINATE = "/votes/sllm-2025/award/nominations/"


@pytest.fixture
def award(world):
    for number in (1, 2, 3):
        factories.AuthorshipFactory(paper=world.papers[number], position=1, is_student=True)
    factories.AuthorshipFactory(paper=world.papers[4], position=1, is_student=False)
    world.c1 = factories.UserFactory(email="c1@example.org", full_name="Committee One")
    world.c2 = factories.UserFactory(email="c2@example.org", full_name="Committee Two")
    for person in (world.c1, world.c2):
        services.award_committee_add(edition=world.edition, email=person.email)
    Conflict.objects.create(paper=world.papers[2], reviewer=world.c2)
    return world


def test_organizers_name_the_committee(award, client_for):
    person = factories.UserFactory(email="c3@example.org")

    response = client_for(award.organizer).post("/organize/sllm-2025/votes/committee/", {"email": "C3@example.org"})

    assert response.status_code == 302
    assert list(
        Role.objects.filter(kind="award_committee").order_by("user__email").values_list("user__email", flat=True)
    ) == ["c1@example.org", "c2@example.org", person.email]


@pytest.mark.parametrize(
    ("who", "email", "status", "message"),
    [
        ("organizer", "nobody@example.org", 400, "No account uses the address nobody@example.org."),
        ("organizer", "not-an-email", 400, "Enter a valid email address."),
        ("r1", "r3@example.org", 403, "Only the edition's organizers may do this."),
        ("mentor", "r3@example.org", 403, "Only the edition's organizers may do this."),
    ],
)
def test_bad_committee_requests_change_nothing(award, client_for, who, email, status, message):
    response = client_for(getattr(award, who)).post("/organize/sllm-2025/votes/committee/", {"email": email})

    assert (response.status_code, response.context["error"].message) == (status, message)
    assert Role.objects.filter(kind="award_committee").count() == 2


def test_committee_members_nominate_and_withdraw_eligible_papers(award, client_for):
    client = client_for(award.c1)

    client.post(NOMINATE, {"paper": "1", "nominate": "1"})
    client.post(NOMINATE, {"paper": "3", "nominate": "1"})
    client.post(NOMINATE, {"paper": "3", "nominate": "0"})
    page = client.get(NOMINATE)

    assert [(row["paper"].number, row["nominations"]) for row in page.context["rows"]] == [
        (1, 1),
        (2, 0),
        (3, 0),
    ]
    assert page.context["mine"] == {award.papers[1].pk}


@pytest.mark.parametrize(
    ("who", "paper", "status", "message"),
    [
        (
            "c1",
            "4",
            400,
            "Paper #4 is not eligible: only accepted papers whose first author is a student are.",
        ),
        ("c1", "x", 400, "Name a paper by its number."),
        ("c2", "2", 403, "You have a conflict with this paper and cannot nominate it."),
    ],
)
def test_bad_nominations_are_refused_and_change_nothing(award, client_for, who, paper, status, message):
    response = client_for(getattr(award, who)).post(NOMINATE, {"paper": paper, "nominate": "1"})

    assert (response.status_code, response.context["error"].message) == (status, message)
    assert AwardNomination.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "get_status", "post_status"),
    [
        (None, 302, 302),
        ("author", 403, 403),
        ("r1", 403, 403),
        ("r2", 403, 403),
        ("mentor", 403, 403),
        ("c1", 200, 302),
        ("organizer", 200, 302),
    ],
)
def test_award_nominations_permission_matrix(award, client_for, who, get_status, post_status):
    client = client_for(getattr(award, who) if who else None)

    got = client.get(NOMINATE)
    posted = client.post(NOMINATE, {"paper": "1", "nominate": "1"})

    assert (got.status_code, posted.status_code) == (get_status, post_status)
    assert AwardNomination.objects.count() == (1 if post_status == 302 and who else 0)


@pytest.mark.parametrize("rows", [1, 3])
def test_the_nominations_page_runs_a_fixed_number_of_queries(award, client_for, django_assert_num_queries, rows):
    if rows == 1:
        Paper.objects.filter(number__in=[2, 3]).update(status=Paper.Status.REJECTED)
    client = client_for(award.c1)

    # Eligibility (student authors, OpenReview's field, corrections) is read in the papers' own query.
    with django_assert_num_queries(9):
        page = client.get(NOMINATE)
    assert len(page.context["rows"]) == rows


def test_the_award_vote_runs_through_the_same_machinery_and_shows_on_the_paper_page(award, client_for):
    services.award_nomination_set(edition=award.edition, user=award.c1, number=1, nominated=True)
    services.award_nomination_set(edition=award.edition, user=award.c1, number=2, nominated=True)
    services.award_nomination_set(edition=award.edition, user=award.c2, number=3, nominated=True)
    client_for(award.organizer).post("/organize/sllm-2025/votes/student_award/open/", {})
    vote = Vote.objects.get(kind="student_award")
    assert (vote.seats, [c.paper.number for c in vote.candidates.all()]) == (1, [1, 2, 3])
    assert sorted(v.user.email for v in vote.voters.all()) == ["c1@example.org", "c2@example.org"]

    conflicted_ballot = client_for(award.c2).get("/votes/sllm-2025/student_award/")
    assert [p.number for p, _ in conflicted_ballot.context["rows"]] == [1, 3]
    client_for(award.c1).post("/votes/sllm-2025/student_award/", {"rank_3": "1", "rank_1": "2", "rank_2": "3"})
    client_for(award.c2).post("/votes/sllm-2025/student_award/", {"rank_3": "1"})
    close(vote, award.organizer)

    assert (vote.result["ranking"], vote.result["winners"]) == ([[3], [1], [2]], [3])
    assert [(a["award"], a["paper"].number) for a in selectors.award_list(edition=award.edition)] == [
        ("Best Student Paper", 3)
    ]
    assert selectors.paper_awards(paper=award.papers[3]) == ["Best Student Paper"]
    assert selectors.paper_awards(paper=award.papers[1]) == []
    page = client_for(None).get("/sllm-2025/papers/3/")
    assert page.status_code == 200
    assert ("votes/paper_awards.html", {"awards": ["Best Student Paper"]}) in page.context["sections"]


def test_nominations_and_the_committee_close_when_the_award_vote_opens(award, client_for):
    for number in (1, 3):
        services.award_nomination_set(edition=award.edition, user=award.c1, number=number, nominated=True)
    services.vote_open(edition=award.edition, kind="student_award", user=award.organizer)

    nominated = client_for(award.c1).post(NOMINATE, {"paper": "2", "nominate": "1"})
    committee = client_for(award.organizer).post("/organize/sllm-2025/votes/committee/", {"email": "r3@example.org"})

    assert (nominated.status_code, nominated.context["error"].message) == (
        409,
        "Nominations closed when the award vote opened.",
    )
    assert (committee.status_code, committee.context["error"].message) == (
        409,
        "The committee is fixed once the award vote has opened.",
    )
    assert (AwardNomination.objects.count(), Role.objects.filter(kind="award_committee").count()) == (2, 2)


def test_the_award_vote_does_not_open_by_itself(award):
    with pytest.raises(services.ApplicationError) as refused:
        services.vote_open(edition=award.edition, kind="student_award")

    assert (refused.value.message, Vote.objects.count()) == (
        "The organizers open the Best Student Paper vote.",
        0,
    )
