"""Decisions on the platform: the chairs' table and CSV, decisions with a logged reason and an author
notice, Best Student Paper eligibility by the proposal's rule, and the builder's warning."""

import csv
import io

import pytest

from sllm.mail.models import OutboxMessage
from sllm.openreview.models import SubmissionRecord
from sllm.program.selectors import program_warnings
from sllm.reviewing.decisions import selectors, services
from sllm.reviewing.models import DecisionEvent, MetaReview, Review, StudentEligibilityCorrection
from sllm.reviewing.votes.selectors import student_award_eligible_papers
from sllm.submissions.models import Paper
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = "/organize/sllm-2025/decisions/"


@pytest.fixture
def papers(edition, main_track, tiny_track, author, reviewer):
    """1: local, two reviews, a meta-review, one nomination; 2: local tiny, one review; 3: from OpenReview."""
    one = factories.PaperFactory(track=main_track, number=1, title="Pruning at scale", submitted_by=author)
    factories.AuthorshipFactory(paper=one, position=1, name="Ada", email="ada@example.org", is_student=False)
    factories.AuthorshipFactory(paper=one, position=2, name="Bo", email="bo@example.org", is_student=True)
    two = factories.PaperFactory(track=tiny_track, number=2, title="Tiny attention")
    factories.AuthorshipFactory(paper=two, position=1, name="Cy", email="cy@example.org", is_student=False)
    three = factories.PaperFactory(
        track=main_track, number=3, title="Synced paper", openreview_id="note3", status="accepted", presentation="oral"
    )
    factories.AuthorshipFactory(paper=three, position=1, name="Di", email="di@example.org", is_student=False)
    SubmissionRecord.objects.create(paper=three, note_id="note3", student_paper=True, applied_verdict="accepted:oral")
    other = factories.UserFactory(email="other@example.org")
    Review.objects.create(paper=one, reviewer=reviewer, rating=8, confidence=4, nominate_for_oral=True, number=1)
    Review.objects.create(paper=one, reviewer=other, rating=5, confidence=3, number=2)
    Review.objects.create(paper=two, reviewer=reviewer, rating=6, confidence=2, number=1)
    MetaReview.objects.create(paper=one, openreview_id="meta1", recommendation="Accept (Poster)")
    return {1: one, 2: two, 3: three}


def state() -> list:
    return [
        sorted(Paper.objects.values_list("number", "status", "presentation")),
        list(DecisionEvent.objects.values_list("paper__number", "status", "presentation", "reason")),
        list(StudentEligibilityCorrection.objects.values_list("paper__number", "eligible", "reason")),
        OutboxMessage.objects.count(),
    ]


# ---- the table ---------------------------------------------------------------------------------------


def test_rows_hold_reviews_meta_review_nominations_and_eligibility(papers, edition):
    rows = selectors.decision_rows(edition=edition)

    assert [
        (
            r["number"],
            r["source"],
            r["status"],
            r["presentation"],
            r["ratings"],
            r["mean_rating"],
            r["confidences"],
            r["meta_review"],
            r["nominations"],
            r["student_eligible"],
            r["student_source"],
        )
        for r in rows
    ] == [
        (1, "Local", "submitted", "", [8, 5], 6.5, [4, 3], "Accept (Poster)", 1, True, "authors"),
        (2, "Local", "submitted", "", [6], 6, [2], "", 0, False, "authors"),
        (3, "OpenReview", "accepted", "oral", [], None, [], "", 0, True, "openreview"),
    ]


@pytest.mark.parametrize(
    ("sort", "numbers"),
    [("-rating", [1, 2, 3]), ("rating", [2, 1, 3]), ("-nominations", [1, 3, 2]), ("title", [1, 3, 2])],
)
def test_the_page_sorts_by_column(papers, organizer, client_for, sort, numbers):
    response = client_for(organizer).get(PAGE, {"sort": sort})

    assert response.status_code == 200
    assert [r["number"] for r in response.context["rows"]] == numbers


def test_csv_export_has_every_column(papers, organizer, client_for):
    response = client_for(organizer).get("/organize/sllm-2025/decisions.csv", {"sort": "-rating"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        list(selectors.CSV_COLUMNS),
        [
            "1",
            "Pruning at scale",
            "Main track",
            "Local",
            "submitted",
            "",
            "8 5",
            "6.5",
            "4 3",
            "3.5",
            "Accept (Poster)",
            "",
            "1",
            "yes",
        ],
        ["2", "Tiny attention", "Tiny Papers", "Local", "submitted", "", "6", "6", "2", "2", "", "", "0", "no"],
        ["3", "Synced paper", "Main track", "OpenReview", "accepted", "oral", "", "", "", "", "", "", "0", "yes"],
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_the_table_costs_the_same_queries_for_one_or_three_papers(
    edition, main_track, count, django_assert_num_queries
):
    for number in range(1, count + 1):
        paper = factories.PaperFactory(track=main_track, number=number)
        factories.AuthorshipFactory(paper=paper, position=1)
    # papers (with track, decision and award eligibility), reviews, meta-reviews
    with django_assert_num_queries(3):
        rows = selectors.decision_rows(edition=edition)
    assert len(rows) == count


@pytest.mark.parametrize(
    ("path", "who", "status"),
    [
        (PAGE, None, 302),
        (PAGE, "author", 403),
        (PAGE, "reviewer", 403),
        (PAGE, "organizer", 200),
        ("/organize/sllm-2025/decisions.csv", None, 302),
        ("/organize/sllm-2025/decisions.csv", "reviewer", 403),
        ("/organize/sllm-2025/decisions.csv", "organizer", 200),
        ("/api/v1/editions/sllm-2025/decisions/", None, 403),
        ("/api/v1/editions/sllm-2025/decisions/", "author", 403),
        ("/api/v1/editions/sllm-2025/decisions/", "organizer", 200),
    ],
)
def test_only_organizers_see_the_decisions(papers, request, client_for, path, who, status):
    user = request.getfixturevalue(who) if who else None

    assert client_for(user).get(path).status_code == status


def test_the_api_lists_rows(papers, organizer, client_for):
    response = client_for(organizer).get("/api/v1/editions/sllm-2025/decisions/", {"sort": "-rating"})

    assert [(r["number"], r["mean_rating"], r["student_source"]) for r in response.json()] == [
        (1, 6.5, "authors"),
        (2, 6, "authors"),
        (3, None, "openreview"),
    ]


def test_an_api_row_holds_the_csv_columns_and_the_eligibility_source(papers, organizer, client_for):
    response = client_for(organizer).get("/api/v1/editions/sllm-2025/decisions/")

    assert response.json()[0] == {
        "number": 1,
        "title": "Pruning at scale",
        "track": papers[1].track.name,
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


# ---- deciding ----------------------------------------------------------------------------------------


def test_a_local_paper_is_accepted_with_a_logged_reason_and_its_authors_are_told(papers, organizer, client_for):
    response = client_for(organizer).post(
        "/organize/sllm-2025/decisions/1/", {"outcome": "accept_poster", "reason": "Strong reviews."}
    )

    assert response.status_code == 302
    assert state()[:2] == [
        [(1, "accepted", "poster"), (2, "submitted", ""), (3, "accepted", "oral")],
        [(1, "accepted", "poster", "Strong reviews.")],
    ]
    assert DecisionEvent.objects.get().actor == organizer
    messages = OutboxMessage.objects.order_by("to")
    assert [(m.to, m.subject, m.template) for m in messages] == [
        ("ada@example.org", "SLLM 2025: decision on paper 1", "paper_decision"),
        ("author@example.org", "SLLM 2025: decision on paper 1", "paper_decision"),
        ("bo@example.org", "SLLM 2025: decision on paper 1", "paper_decision"),
    ]
    assert messages[0].body.splitlines()[:5] == [
        "Dear authors,",
        "",
        "we are glad to tell you that your paper “Pruning at scale” is accepted to SLLM 2025 as a poster.",
        "",
        "The organizers' note: Strong reviews.",
    ]


@pytest.mark.parametrize(
    ("outcome", "expected", "sentence"),
    [
        ("accept_oral", ("accepted", "oral"), "is accepted to SLLM 2025 as an oral presentation."),
        ("reject", ("rejected", ""), "is not accepted to SLLM 2025."),
        ("desk_reject", ("desk_rejected", ""), "is desk-rejected from SLLM 2025 without review."),
        ("withdraw", ("withdrawn", ""), "is withdrawn from SLLM 2025."),
    ],
)
def test_every_outcome_sets_status_and_presentation(papers, organizer, outcome, expected, sentence):
    services.paper_decide(paper=papers[2], outcome=outcome, reason="Noted.", actor=organizer)

    papers[2].refresh_from_db()
    assert (papers[2].status, papers[2].presentation) == expected
    assert OutboxMessage.objects.get().body.splitlines()[2].endswith(sentence)


def test_a_synced_paper_changed_here_notifies_nobody(papers, organizer):
    services.paper_decide(paper=papers[3], outcome="accept_poster", reason="Room for four orals only.", actor=organizer)

    assert state()[0][2] == (3, "accepted", "poster")
    assert OutboxMessage.objects.count() == 0


def test_the_api_decides(papers, organizer, client_for):
    response = client_for(organizer).post(
        "/api/v1/editions/sllm-2025/papers/2/decision/", {"outcome": "reject", "reason": "Out of scope."}
    )

    assert (response.status_code, response.json()) == (
        200,
        {"number": 2, "status": "rejected", "presentation": "", "reason": "Out of scope."},
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("author", 403), ("reviewer", 403), ("mentor", 403)],
)
def test_only_organizers_decide_on_the_page(papers, request, client_for, who, status):
    user = request.getfixturevalue(who) if who else None
    before = state()

    response = client_for(user).post("/organize/sllm-2025/decisions/1/", {"outcome": "reject", "reason": "x"})

    assert response.status_code == status
    assert state() == before


@pytest.mark.parametrize(("who", "status"), [(None, 403), ("author", 403), ("reviewer", 403)])
def test_only_organizers_decide_through_the_api(papers, request, client_for, who, status):
    user = request.getfixturevalue(who) if who else None
    before = state()

    response = client_for(user).post(
        "/api/v1/editions/sllm-2025/papers/1/decision/", {"outcome": "reject", "reason": "x"}
    )

    assert response.status_code == status
    assert state() == before


@pytest.mark.parametrize(
    ("number", "data", "status", "error"),
    [
        (99, {"outcome": "reject", "reason": "x"}, 404, None),
        (1, {"outcome": "maybe", "reason": "x"}, 400, "invalid"),
        (1, {"outcome": "reject", "reason": ""}, 400, "invalid"),
        (1, {"outcome": "reject", "reason": "   "}, 400, "invalid"),
        (3, {"outcome": "accept_oral", "reason": "again"}, 409, "unchanged"),
    ],
)
def test_bad_decisions_through_the_api_store_nothing(papers, organizer, client_for, number, data, status, error):
    before = state()

    response = client_for(organizer).post(f"/api/v1/editions/sllm-2025/papers/{number}/decision/", data)

    assert response.status_code == status
    if error:
        assert response.json()["error"] == error
    assert state() == before


def test_a_blank_reason_on_the_page_is_a_form_error(papers, organizer, client_for):
    before = state()

    response = client_for(organizer).post("/organize/sllm-2025/decisions/1/", {"outcome": "reject", "reason": " "})

    assert response.status_code == 400
    assert response.context["decide_form"].errors == {"reason": ["This field is required."]}
    assert state() == before


def test_the_service_refuses_a_blank_reason(papers, organizer):
    with pytest.raises(services.ApplicationError) as caught:
        services.paper_decide(paper=papers[1], outcome="reject", reason=" ", actor=organizer)

    assert caught.value.code == "reason_required"
    assert state()[1] == []


# ---- Best Student Paper eligibility --------------------------------------------------------------------


def test_any_student_author_makes_an_accepted_paper_eligible(papers, edition, organizer):
    for number in (1, 2):
        services.paper_decide(paper=papers[number], outcome="accept_poster", reason="ok", actor=organizer)

    # 1: the second author is a student (declared); 2: no student; 3: OpenReview's student field says yes.
    assert list(student_award_eligible_papers(edition=edition).values_list("number", flat=True)) == [1, 3]


def test_openreview_field_wins_over_author_flags_for_synced_papers(papers, edition):
    SubmissionRecord.objects.filter(paper=papers[3]).update(student_paper=False)
    papers[3].authorships.update(is_student=True)

    assert list(student_award_eligible_papers(edition=edition).values_list("number", flat=True)) == []


def test_an_organizer_corrects_eligibility_with_a_logged_reason(papers, edition, organizer, client_for):
    response = client_for(organizer).post(
        "/organize/sllm-2025/decisions/3/eligibility/", {"eligible": "no", "reason": "Graduated before submitting."}
    )

    assert response.status_code == 302
    assert state()[2] == [(3, False, "Graduated before submitting.")]
    assert list(student_award_eligible_papers(edition=edition).values_list("number", flat=True)) == []
    assert selectors.decision_rows(edition=edition)[2]["student_source"] == "organizer"


def test_the_latest_correction_counts(papers, edition, organizer):
    services.student_eligibility_correct(paper=papers[3], eligible=False, reason="first", actor=organizer)
    services.student_eligibility_correct(paper=papers[3], eligible=True, reason="second look", actor=organizer)

    assert list(student_award_eligible_papers(edition=edition).values_list("number", flat=True)) == [3]


@pytest.mark.parametrize(
    ("who", "data", "status"),
    [
        (None, {"eligible": True, "reason": "x"}, 403),
        ("author", {"eligible": True, "reason": "x"}, 403),
        ("reviewer", {"eligible": True, "reason": "x"}, 403),
        ("organizer", {"eligible": True, "reason": ""}, 400),
        ("organizer", {"eligible": "perhaps", "reason": "x"}, 400),
    ],
)
def test_bad_eligibility_corrections_store_nothing(papers, request, client_for, who, data, status):
    user = request.getfixturevalue(who) if who else None
    before = state()

    response = client_for(user).post("/api/v1/editions/sllm-2025/papers/3/student-eligibility/", data)

    assert response.status_code == status
    assert state() == before


def test_the_api_corrects_eligibility(papers, organizer, client_for):
    response = client_for(organizer).post(
        "/api/v1/editions/sllm-2025/papers/2/student-eligibility/", {"eligible": True, "reason": "Cy is a student."}
    )

    assert (response.status_code, response.json()) == (
        200,
        {"number": 2, "eligible": True, "reason": "Cy is a student."},
    )


# ---- the program builder -------------------------------------------------------------------------------


def test_the_builder_warns_about_accepted_papers_without_a_presentation(papers, edition):
    Paper.objects.filter(pk=papers[1].pk).update(status="accepted", presentation="")

    warnings = [w for w in program_warnings(edition=edition) if w["code"] == "accepted_without_presentation"]

    assert warnings == [
        {
            "code": "accepted_without_presentation",
            "message": "Accepted paper #1 “Pruning at scale” is neither an oral nor a poster.",
            "slots": [],
        }
    ]
