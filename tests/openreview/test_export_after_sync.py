"""The export of a venue synced from the stand-in, exactly."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from .conftest import VENUE_ID

pytestmark = pytest.mark.django_db


def test_export_after_sync(standin, venue):
    call_command("sync_openreview", "--venue", VENUE_ID, "--workshop", "sllm-2025", stdout=StringIO())
    out = StringIO()
    call_command("export_reviews", "--workshop", "sllm-2025", stdout=out)
    s1, s2, s3 = venue.submissions[1], venue.submissions[2], venue.submissions[3]
    notes = {
        (n["forum"], n["signatures"][0].rsplit("_", 1)[0].rsplit("/", 1)[-1], n["number"]): n["id"]
        for n in venue.notes.values()
        if n["invitations"][0].endswith("Official_Review")
    }

    assert json.loads(out.getvalue()) == {
        "venue_id": VENUE_ID,
        "papers": [
            {
                "number": 1,
                "id": s1,
                "track": "Main track",
                "title": "Pruning at scale",
                "authorids": ["~Ada_Lovelace1", "wei@tsinghua.edu.cn"],
                "student_paper": True,
                "status": "accepted",
                "decision": "Accept (Oral)",
                "assigned_reviewers": ["~Alan_Turing1", "~Emmy_Noether1", "~Grace_Hopper1"],
                "reviews": [
                    {
                        "note_id": notes[(s1, "Reviewer", 1)],
                        "reviewer": "~Grace_Hopper1",
                        "rating": 8,
                        "confidence": 4,
                        "nominate_for_oral": True,
                        "edited": False,
                    },
                    {
                        "note_id": notes[(s1, "Reviewer", 2)],
                        "reviewer": "~Alan_Turing1",
                        "rating": 6,
                        "confidence": 3,
                        "nominate_for_oral": False,
                        "edited": False,
                    },
                    {
                        "note_id": notes[(s1, "Reviewer", 3)],
                        "reviewer": "~Emmy_Noether1",
                        "rating": 7,
                        "confidence": 2,
                        "nominate_for_oral": False,
                        "edited": True,
                    },
                ],
                "open_conflicts": [],
            },
            {
                "number": 2,
                "id": s2,
                "track": "Tiny Papers",
                "title": "Tiny sparse attention",
                "authorids": ["~Katherine_Johnson1"],
                "student_paper": False,
                "status": "submitted",
                "decision": None,
                "assigned_reviewers": ["~Grace_Hopper1", "~Kwame_Mensah1"],
                "reviews": [
                    {
                        "note_id": notes[(s2, "Reviewer", 1)],
                        "reviewer": "~Kwame_Mensah1",
                        "rating": 9,
                        "confidence": 5,
                        "nominate_for_oral": True,
                        "edited": False,
                    }
                ],
                "open_conflicts": ["~Kwame_Mensah1"],
            },
            {
                "number": 3,
                "id": s3,
                "track": "Main track",
                "title": "Withdrawn idea",
                "authorids": ["~Mina_Park1"],
                "student_paper": False,
                "status": "withdrawn",
                "decision": None,
                "assigned_reviewers": [],
                "reviews": [],
                "open_conflicts": [],
            },
        ],
        "reviewer_conflicts": sorted(
            [
                {"paper": s1, "reviewer": "~Kwame_Mensah1", "label": "Conflict"},
                {"paper": s2, "reviewer": "~Kwame_Mensah1", "label": "Custom Conflict"},
            ],
            key=lambda c: c["paper"],
        ),
        "nominations": {s1: ["~Grace_Hopper1"]},
        "oral_ballot_candidates": {
            "~Alan_Turing1": [s1],
            "~Emmy_Noether1": [s1],
            "~Grace_Hopper1": [s1],
            "~Kwame_Mensah1": [],
        },
        "flags": [{"paper": s2, "reviewer": "~Kwame_Mensah1", "flag": "nomination_from_conflicted_reviewer"}],
        "coverage_below_3_reviews": [s2],
    }
