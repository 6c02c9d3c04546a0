"""`manage.py sync_openreview` against the stand-in: the run as JSON, errors as JSON on stderr, custom field names."""

import json

import pytest
from django.core.management import call_command

from sllm.openreview.models import SubmissionRecord, SyncRun
from sllm.reviewing.models import Review

from .conftest import VENUE_ID, control

pytestmark = pytest.mark.django_db


def test_the_command_prints_the_run_as_json(standin, capsys):
    call_command("sync_openreview", "--venue", VENUE_ID, "--workshop", "sllm-2025")
    first = json.loads(capsys.readouterr().out)
    call_command("sync_openreview", "--venue", VENUE_ID, "--workshop", "sllm-2025")
    second = json.loads(capsys.readouterr().out)

    run = SyncRun.objects.order_by("id").last()
    assert second == {
        "run": run.pk,
        "workshop": "sllm-2025",
        "venue_id": VENUE_ID,
        "status": "succeeded",
        "requests": 13,
        "rows_written": 0,
        "counts": {},
        "warnings": first["warnings"],
    }
    assert first["rows_written"] == 36


def test_the_command_reports_errors_as_json_on_stderr(standin, settings, capsys):
    settings.OPENREVIEW_PASSWORD = "wrong"

    with pytest.raises(SystemExit) as exited:
        call_command("sync_openreview", "--venue", VENUE_ID, "--workshop", "sllm-2025")

    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert (captured.out, json.loads(captured.err)) == (
        "",
        {
            "error": "login_failed",
            "message": "OpenReview refused the login of pc@sllm.example.org: Invalid username or password",
        },
    )


def test_custom_field_names_and_yes_values(standin, venue):
    note_id = venue.submissions[1]
    review = next(
        n
        for n in venue.notes.values()
        if n.get("forum") == note_id and n["invitations"][0].endswith("Official_Review") and n["number"] == 2
    )
    changed = {**review, "content": {**review["content"], "select_as_oral": {"value": "Definitely: strong"}}}
    control(standin, "seed", {"notes": [changed]})
    call_command(
        "sync_openreview",
        "--venue",
        VENUE_ID,
        "--workshop",
        "sllm-2025",
        "--nomination-field",
        "select_as_oral",
        "--nomination-yes",
        "Definitely",
        "--student-field",
        "missing_field",
    )

    assert list(Review.objects.filter(nominate_for_oral=True).values_list("reviewer__openreview_id", flat=True)) == [
        "~Alan_Turing1"
    ]
    assert list(SubmissionRecord.objects.filter(student_paper=True)) == []
