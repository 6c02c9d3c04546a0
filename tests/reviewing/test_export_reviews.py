"""`manage.py export_reviews`: exact JSON on hand-made review states, and after a sync from the stand-in."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from sllm.openreview.models import SubmissionRecord
from sllm.reviewing.models import Assignment, Conflict, Decision, Review
from tests import factories

pytestmark = pytest.mark.django_db


def export(slug: str = "sllm-2025") -> dict:

    out = StringIO()
    call_command("export_reviews", "--workshop", slug, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def people(edition):
    """Four reviewers with profile ids, and one organizer who reviews nothing."""
    made = {}
    for name in ("Ada_Lovelace1", "Alan_Turing1", "Grace_Hopper1", "Emmy_Noether1"):
        user = factories.UserFactory(email=f"{name.lower()}@example.org", openreview_id=f"~{name}")
        factories.grant(user, edition, "reviewer")
        made[name.split("_")[0].lower()] = user
    return made


def paper(track, number, note_id, *, status="submitted", track_value="Main track", student=False, authorids=()):
    made = factories.PaperFactory(
        track=track, number=number, openreview_id=note_id, status=status, title=f"Paper {number}"
    )
    SubmissionRecord.objects.create(
        paper=made, note_id=note_id, track_value=track_value, student_paper=student, authorids=list(authorids)
    )
    return made


def review(paper_, user, note_id, *, number, rating=6, confidence=3, nominate=False, edited=False):
    return Review.objects.create(
        paper=paper_,
        reviewer=user,
        openreview_id=note_id,
        number=number,
        rating=rating,
        confidence=confidence,
        nominate_for_oral=nominate,
        edited=edited,
    )


def test_export_of_a_hand_made_review_state(edition, main_track, tiny_track, people):
    edition.openreview_venue_id = "ICLR.cc/2025/Workshop/SLLM"
    edition.save()
    ada, alan, grace, emmy = people["ada"], people["alan"], people["grace"], people["emmy"]
    p1 = paper(main_track, 1, "PaperOne01", status="accepted", student=True, authorids=["~Kim_Lee1", "x@y.org"])
    p2 = paper(tiny_track, 2, "PaperTwo02", track_value="Tiny Papers", authorids=["~Mo_Diaz1"])
    p3 = paper(main_track, 3, "PaperThr03", status="withdrawn")
    factories.PaperFactory(track=main_track, number=4, openreview_id=None)  # made here: not exported
    for user in (grace, alan, ada):
        Assignment.objects.create(paper=p1, reviewer=user)
    for user in (emmy, grace):
        Assignment.objects.create(paper=p2, reviewer=user)
    review(p1, grace, "RevGrace01", number=1, rating=8, confidence=4, nominate=True)
    review(p1, alan, "RevAlan001", number=2, rating=6, confidence=3, edited=True)
    review(p1, ada, "RevAda0001", number=3, rating=7, confidence=2, nominate=True)
    review(p2, emmy, "RevEmmy001", number=1, rating=9, confidence=5, nominate=True)
    review(p2, grace, "RevGrace02", number=2, rating=5, confidence=3, nominate=True)
    Conflict.objects.create(paper=p2, reviewer=emmy, label="Custom Conflict")
    Conflict.objects.create(paper=p1, reviewer=alan, label="Conflict")
    Conflict.objects.create(paper=p3, reviewer=ada, label="ox.ac.uk")
    Decision.objects.create(paper=p1, openreview_id="Decision01", decision="Accept (Oral)")

    assert export() == {
        "venue_id": "ICLR.cc/2025/Workshop/SLLM",
        "papers": [
            {
                "number": 1,
                "id": "PaperOne01",
                "track": "Main track",
                "title": "Paper 1",
                "authorids": ["~Kim_Lee1", "x@y.org"],
                "student_paper": True,
                "status": "accepted",
                "decision": "Accept (Oral)",
                "assigned_reviewers": ["~Ada_Lovelace1", "~Alan_Turing1", "~Grace_Hopper1"],
                "reviews": [
                    {
                        "note_id": "RevGrace01",
                        "reviewer": "~Grace_Hopper1",
                        "rating": 8,
                        "confidence": 4,
                        "nominate_for_oral": True,
                        "edited": False,
                    },
                    {
                        "note_id": "RevAlan001",
                        "reviewer": "~Alan_Turing1",
                        "rating": 6,
                        "confidence": 3,
                        "nominate_for_oral": False,
                        "edited": True,
                    },
                    {
                        "note_id": "RevAda0001",
                        "reviewer": "~Ada_Lovelace1",
                        "rating": 7,
                        "confidence": 2,
                        "nominate_for_oral": True,
                        "edited": False,
                    },
                ],
                "open_conflicts": ["~Alan_Turing1"],
            },
            {
                "number": 2,
                "id": "PaperTwo02",
                "track": "Tiny Papers",
                "title": "Paper 2",
                "authorids": ["~Mo_Diaz1"],
                "student_paper": False,
                "status": "submitted",
                "decision": None,
                "assigned_reviewers": ["~Emmy_Noether1", "~Grace_Hopper1"],
                "reviews": [
                    {
                        "note_id": "RevEmmy001",
                        "reviewer": "~Emmy_Noether1",
                        "rating": 9,
                        "confidence": 5,
                        "nominate_for_oral": True,
                        "edited": False,
                    },
                    {
                        "note_id": "RevGrace02",
                        "reviewer": "~Grace_Hopper1",
                        "rating": 5,
                        "confidence": 3,
                        "nominate_for_oral": True,
                        "edited": False,
                    },
                ],
                "open_conflicts": ["~Emmy_Noether1"],
            },
            {
                "number": 3,
                "id": "PaperThr03",
                "track": "Main track",
                "title": "Paper 3",
                "authorids": [],
                "student_paper": False,
                "status": "withdrawn",
                "decision": None,
                "assigned_reviewers": [],
                "reviews": [],
                "open_conflicts": [],
            },
        ],
        "reviewer_conflicts": [
            {"paper": "PaperOne01", "reviewer": "~Alan_Turing1", "label": "Conflict"},
            {"paper": "PaperThr03", "reviewer": "~Ada_Lovelace1", "label": "ox.ac.uk"},
            {"paper": "PaperTwo02", "reviewer": "~Emmy_Noether1", "label": "Custom Conflict"},
        ],
        "nominations": {"PaperOne01": ["~Ada_Lovelace1", "~Grace_Hopper1"], "PaperTwo02": ["~Grace_Hopper1"]},
        "oral_ballot_candidates": {
            "~Ada_Lovelace1": ["PaperOne01", "PaperTwo02"],
            "~Alan_Turing1": ["PaperTwo02"],
            "~Emmy_Noether1": ["PaperOne01"],
            "~Grace_Hopper1": ["PaperOne01", "PaperTwo02"],
        },
        "flags": [
            {
                "paper": "PaperTwo02",
                "reviewer": "~Emmy_Noether1",
                "flag": "nomination_from_conflicted_reviewer",
            }
        ],
        "coverage_below_3_reviews": ["PaperTwo02"],
    }


def test_export_of_an_edition_without_reviews(edition, people):
    assert export() == {
        "venue_id": "",
        "papers": [],
        "reviewer_conflicts": [],
        "nominations": {},
        "oral_ballot_candidates": {
            "~Ada_Lovelace1": [],
            "~Alan_Turing1": [],
            "~Emmy_Noether1": [],
            "~Grace_Hopper1": [],
        },
        "flags": [],
        "coverage_below_3_reviews": [],
    }


def test_a_nomination_only_from_a_conflicted_reviewer_is_flagged_and_not_counted(edition, main_track, people):
    p1 = paper(main_track, 1, "PaperOne01")
    review(p1, people["ada"], "RevAda0001", number=1, nominate=True)
    Conflict.objects.create(paper=p1, reviewer=people["ada"], label="Conflict")

    state = export()

    assert (state["nominations"], state["flags"], state["oral_ballot_candidates"]["~Grace_Hopper1"]) == (
        {},
        [
            {
                "paper": "PaperOne01",
                "reviewer": "~Ada_Lovelace1",
                "flag": "nomination_from_conflicted_reviewer",
            }
        ],
        [],
    )


def test_an_unknown_edition_is_a_json_error(db, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("export_reviews", "--workshop", "nope")
    assert (exited.value.code, json.loads(capsys.readouterr().err)) == (
        1,
        {"error": "not_found", "message": "No edition with the slug 'nope'."},
    )
