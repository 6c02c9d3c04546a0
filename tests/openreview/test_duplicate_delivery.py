"""Issue 19: each OpenReview job delivered twice (one after the other, and at once) does its work once.

The work is counted where it lands: the requests and messages the stand-in recorded. The stand-in holds
each request of the job's first step a while, so the second delivery arrives while the first is at work.
"""

import datetime as dt

import pytest
from django.utils import timezone

from sllm.accounts.models import User
from sllm.openreview.client import SyncError
from sllm.openreview.models import Invitation, SyncRun
from sllm.openreview.services import venue_sync
from sllm.openreview.writeback import conflict_edge_write
from sllm.reviewing.models import Assignment, Reassignment, ReassignmentWrite
from sllm.reviewing.models import Conflict as PaperConflict
from sllm.submissions.models import Paper
from tests.duplicates import deliver_twice, deliver_twice_at_once

from .conftest import VENUE_ID, control
from .test_invitations import EVERYONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def synced(standin):
    run = venue_sync(slug="sllm-2025", venue_id=VENUE_ID)
    control(standin, "requests", {})
    return run.edition


def requests_to(server, method: str, path: str) -> int:
    return sum(1 for r in control(server, "requests")["requests"] if (r["method"], r["path"]) == (method, path))


def slow(server, method: str, route: str, count: int = 1) -> None:
    control(server, "faults", {"route": route, "kind": "slow", "delay": 1.0, "count": count, "method": method})


def user(profile_id: str) -> User:
    return User.objects.get(openreview_id=profile_id)


def disclosed(paper_number: int, profile_id: str) -> PaperConflict:
    # Stored as conflict_disclose stores it, without its job: the test delivers that job itself.
    return PaperConflict.objects.create(
        paper=Paper.objects.get(number=paper_number),
        reviewer=user(profile_id),
        label="Custom Conflict",
        source=PaperConflict.Source.DISCLOSED,
        reason="We wrote a paper together.",
    )


@pytest.mark.parametrize("deliver", [deliver_twice, deliver_twice_at_once])
def test_a_sync_delivered_twice_reads_the_venue_once(synced, standin, deliver):
    run = SyncRun.objects.create(edition=synced, venue_id=VENUE_ID)
    slow(standin, "GET", "/groups")

    results = deliver("sllm.openreview.sync_venue", run.pk)

    run.refresh_from_db()
    # The second delivery finds the run claimed (at once) or finished (after): it reads nothing.
    assert sorted(results) == (["running", "succeeded"] if deliver is deliver_twice_at_once else ["succeeded"] * 2)
    assert (run.status, len(control(standin, "requests")["requests"])) == ("succeeded", run.requests)


def test_a_sync_whose_worker_died_is_taken_again_once_its_claim_outlived_the_time_limit(synced, standin):
    run = SyncRun.objects.create(edition=synced, venue_id=VENUE_ID, status=SyncRun.Status.RUNNING)
    SyncRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - dt.timedelta(minutes=29))
    # Younger than the job's 30-minute limit: its worker may still be at it.
    assert deliver_twice("sllm.openreview.sync_venue", run.pk) == ["running", "running"]
    assert control(standin, "requests")["requests"] == []

    SyncRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - dt.timedelta(minutes=31))
    assert deliver_twice("sllm.openreview.sync_venue", run.pk) == ["succeeded", "succeeded"]
    run.refresh_from_db()
    assert len(control(standin, "requests")["requests"]) == run.requests > 0


@pytest.mark.parametrize("deliver", [deliver_twice, deliver_twice_at_once])
def test_a_conflict_write_delivered_twice_posts_one_edge(synced, standin, deliver):
    conflict = disclosed(1, "~Grace_Hopper1")
    slow(standin, "POST", "/edges")

    results = deliver("sllm.openreview.write_conflict", conflict.pk)

    conflict.refresh_from_db()
    assert requests_to(standin, "POST", "/edges") == 1
    assert conflict.openreview_edge_id != ""
    assert conflict.openreview_edge_id in results  # the delivery that posted it returns its id
    if deliver is deliver_twice:
        assert results == [conflict.openreview_edge_id] * 2


def test_a_conflict_edge_openreview_refused_is_posted_by_the_next_delivery(synced, standin):
    conflict = disclosed(1, "~Grace_Hopper1")
    control(standin, "faults", {"route": "/edges", "kind": "503", "count": 1, "method": "POST"})
    with pytest.raises(SyncError):
        conflict_edge_write(conflict_id=conflict.pk)
    conflict.refresh_from_db()
    # The failed post gave its claim back, so the job's retry is not taken for a duplicate.
    assert (conflict.openreview_edge_id, conflict.edge_claimed_at) == ("", None)

    posted = conflict_edge_write(conflict_id=conflict.pk)
    assert (posted.openreview_edge_id != "", requests_to(standin, "POST", "/edges")) == (True, 2)


@pytest.mark.parametrize("deliver", [deliver_twice, deliver_twice_at_once])
def test_a_reassignment_delivered_twice_posts_each_edge_once_and_logs_it_once(synced, standin, deliver):
    kwame, alan = user("~Kwame_Mensah1"), user("~Alan_Turing1")
    paper = Paper.objects.get(number=2)
    write = ReassignmentWrite.objects.create(
        paper=paper, reason="conflict", add_reviewer_ids=[alan.pk], remove_reviewer=kwame, edges_total=2
    )
    slow(standin, "POST", "/edges")

    results = deliver("sllm.openreview.write_reassignment", write.pk)

    write.refresh_from_db()
    assert sorted(results) == (["running", "succeeded"] if deliver is deliver_twice_at_once else ["succeeded"] * 2)
    # One edge for Alan, one deletion of Kwame's: two posts in all.
    assert (requests_to(standin, "POST", "/edges"), write.status, write.edges_done) == (2, "succeeded", 2)
    assert list(Reassignment.objects.values_list("added_reviewer", "removed_reviewer")) == [(alan.pk, kwame.pk)]
    assert sorted(Assignment.objects.filter(paper=paper).values_list("reviewer__openreview_id", flat=True)) == [
        "~Alan_Turing1",
        "~Grace_Hopper1",
    ]


@pytest.mark.parametrize("deliver", [deliver_twice, deliver_twice_at_once])
def test_an_invitation_run_delivered_twice_messages_each_person_once(synced, standin, deliver):
    slow(standin, "POST", "/messages")

    deliver("sllm.openreview.invite_people", synced.pk, [], False)

    messages = control(standin, "messages")["messages"]
    assert sorted(m["groups"][0] for m in messages) == EVERYONE
    assert sorted(Invitation.objects.values_list("profile_id", "status", "attempts")) == [
        (p, "sent", 1) for p in EVERYONE
    ]


@pytest.mark.parametrize("deliver", [deliver_twice, deliver_twice_at_once])
def test_a_resend_delivered_twice_sends_each_new_link_once(synced, standin, deliver):
    deliver_twice("sllm.openreview.invite_people", synced.pk, ["reviewers"], False)
    control(standin, "messages", {})
    slow(standin, "POST", "/messages")
    # The message invitation_run_request queues for a resend: it carries the moment it was asked.
    asked_at = timezone.now().isoformat()

    deliver("sllm.openreview.invite_people", synced.pk, ["reviewers"], True, asked_at)

    reviewers = ["~Alan_Turing1", "~Emmy_Noether1", "~Grace_Hopper1", "~Kwame_Mensah1"]
    assert sorted(m["groups"][0] for m in control(standin, "messages")["messages"]) == reviewers
    assert sorted(Invitation.objects.filter(profile_id__in=reviewers).values_list("attempts", flat=True)) == [2] * 4
