"""Issue 19: a checkpoint verification delivered twice verifies once; a new request verifies again."""

import datetime as dt

import pytest
from django.utils import timezone

from sllm.artifacts import services
from sllm.artifacts.models import Checkpoint
from tasks.celery import app
from tests.duplicates import deliver, deliver_twice_at_once

from .conftest import CLAIMS

JOB = "sllm.artifacts.verify_checkpoint"


def verified(checkpoint: Checkpoint) -> tuple:
    checkpoint.refresh_from_db()
    return (checkpoint.status, checkpoint.claims_hold, checkpoint.verified_at)


@pytest.fixture
def stored(db, paper, upload):
    """A checkpoint stored with its verification due: the job was not run (this test's transaction never commits)."""
    services.artifact_set_update(paper=paper, claims=CLAIMS)
    return services.checkpoint_upload(paper=paper, uploaded=upload())


def test_a_verification_delivered_again_after_it_finished_reads_nothing_more(stored):
    assert deliver(JOB, stored.pk, task_id="verify-once") == "verified"
    first = verified(stored)
    assert first[:2] == ("verified", True)

    assert deliver(JOB, stored.pk, task_id="verify-once") == "verified"
    assert verified(stored) == first


def test_a_delivery_while_another_holds_the_claim_leaves_the_checkpoint_to_it(stored):
    # The first delivery claimed it a moment ago and is reading the file.
    Checkpoint.objects.filter(pk=stored.pk).update(verify_claimed_at=timezone.now() - dt.timedelta(minutes=5))
    assert deliver(JOB, stored.pk, task_id="verify-late") == "uploaded"
    assert verified(stored) == ("uploaded", None, None)

    # No job outlives its time limit (3 h 1 min): a claim older than that is a dead worker's, taken again.
    Checkpoint.objects.filter(pk=stored.pk).update(verify_claimed_at=timezone.now() - dt.timedelta(hours=3, minutes=2))
    assert deliver(JOB, stored.pk, task_id="verify-late") == "verified"
    assert verified(stored)[:2] == ("verified", True)


def test_verify_again_is_a_new_request_that_verifies_once_more(stored, django_capture_on_commit_callbacks):
    deliver(JOB, stored.pk, task_id="verify-first")
    first = verified(stored)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.checkpoint_reverify(paper=stored.paper)
    assert (len(queued), verified(stored)) == (1, ("verified", True, None))

    assert deliver(JOB, stored.pk, task_id="verify-second") == "verified"
    again = verified(stored)
    assert (again[:2], again[2] > first[2]) == (("verified", True), True)


@pytest.mark.django_db(transaction=True)
def test_a_verification_delivered_twice_at_once_is_stored_once(paper, upload, broker_down):
    # The upload commits while the broker is down: the checkpoint is stored, its job not sent.
    services.artifact_set_update(paper=paper, claims=CLAIMS)
    checkpoint = services.checkpoint_upload(paper=paper, uploaded=upload())
    app.set_current()
    assert verified(checkpoint) == ("uploaded", None, None)

    results = deliver_twice_at_once(JOB, checkpoint.pk)

    checkpoint.refresh_from_db()
    # One delivery verified it; the other found it claimed (still "uploaded" if it looked before the first ended).
    assert "verified" in results and set(results) <= {"uploaded", "verified"}
    assert (checkpoint.status, checkpoint.claims_hold) == ("verified", True)
    assert checkpoint.verify_claimed_at <= checkpoint.verified_at
