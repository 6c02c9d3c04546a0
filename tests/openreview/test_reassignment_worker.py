"""An organizer's confirm never waits for OpenReview: the edges are posted by a real Celery worker while
the stand-in answers slowly, and the conflicts page follows the write's progress until it is done."""

import time

import pytest
from celery.app import routes

from sllm.accounts.models import User
from sllm.openreview.services import venue_sync
from sllm.reviewing.models import Assignment, Reassignment, ReassignmentWrite
from tasks.celery import app
from tests import factories

from .conftest import VENUE_ID, control

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SLOW_S = 4.0  # the stand-in holds each edge write this long


@pytest.fixture
def openreview_jobs_to(celery_worker_process):
    """Routes the OpenReview jobs to this test's worker (they go to the `sync` queue otherwise)."""
    table = app.amqp.routes  # the list the cached router reads
    route = routes.prepare({"sllm.openreview.*": {"queue": celery_worker_process}})[0]
    table.insert(0, route)
    yield celery_worker_process
    table.remove(route)


@pytest.fixture
def synced(standin):
    run = venue_sync(slug="sllm-2025", venue_id=VENUE_ID)
    organizer = factories.UserFactory(email="chair@example.org")
    factories.grant(organizer, run.edition, "organizer")
    return run.edition, organizer


def status_until_done(client, url: str, timeout_s: float = 60) -> list[dict]:
    """The write's status as the page's script polls it, every answer until it ends."""
    seen, deadline = [], time.monotonic() + timeout_s
    while not seen or seen[-1]["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, seen
        seen.append(client.get(url).json())
        time.sleep(0.2)
    return seen


def test_the_confirm_returns_at_once_while_a_worker_writes_to_a_slow_openreview(
    client_for, standin, synced, openreview_jobs_to
):
    edition, organizer = synced
    kwame, alan = (User.objects.get(openreview_id=p) for p in ("~Kwame_Mensah1", "~Alan_Turing1"))
    control(standin, "faults", {"route": "/edges", "kind": "slow", "delay": SLOW_S, "count": 2, "method": "POST"})
    client = client_for(organizer)
    form = {"reason": "conflict", "remove": kwame.pk, "add": [alan.pk]}
    assert client.post("/organize/sllm-2025/reviewing/papers/2/reassign/", form).status_code == 200  # the preview

    started = time.monotonic()
    response = client.post("/organize/sllm-2025/reviewing/papers/2/reassign/", {**form, "confirm": "yes"})
    elapsed = time.monotonic() - started

    write = ReassignmentWrite.objects.get()
    assert (response.status_code, response.url, elapsed < SLOW_S) == (
        302,
        "/organize/sllm-2025/reviewing/conflicts/",
        True,
    )
    # Nothing has changed here yet: OpenReview has not taken the first edge.
    assert (write.edges_done, write.edges_total, Reassignment.objects.count()) == (0, 2, 0)
    page = client.get(response.url)
    assert [str(m) for m in page.context["messages"]] == [
        "Paper 2: assigning Alan Turing on OpenReview; progress below."
    ]
    status_url = f"/organize/sllm-2025/reviewing/reassignments/{write.pk}/status/"
    assert f'data-status-url="{status_url}"' in page.content.decode()

    seen = status_until_done(client, status_url)

    assert seen[-1] == {
        "id": write.pk,
        "paper": 2,
        "status": "succeeded",
        "status_display": "Done",
        "edges_done": 2,
        "edges_total": 2,
        "progress": 100,
        "error": "",
    }
    assert {s["progress"] for s in seen} <= {0, 50, 100}
    assert sorted(Assignment.objects.filter(paper__number=2).values_list("reviewer__openreview_id", flat=True)) == [
        "~Alan_Turing1",
        "~Grace_Hopper1",
    ]
    assert list(Reassignment.objects.values_list("added_reviewer", "removed_reviewer", "performed_by")) == [
        (alan.pk, kwame.pk, organizer.pk)
    ]
    after = client.get("/organize/sllm-2025/reviewing/conflicts/")
    assert (list(after.context["writes"]), "data-status-url" in after.content.decode()) == ([], False)


def test_the_confirm_returns_at_once_when_openreview_is_down_and_the_page_says_why(
    client_for, standin, synced, openreview_jobs_to
):
    edition, organizer = synced
    alan = User.objects.get(openreview_id="~Alan_Turing1")
    control(standin, "faults", {"route": "/edges", "kind": "drop", "count": 5, "method": "POST"})
    client = client_for(organizer)
    form = {"reason": "coverage", "add": [alan.pk]}
    assert client.post("/organize/sllm-2025/reviewing/papers/2/reassign/", form).status_code == 200  # the preview

    started = time.monotonic()
    response = client.post("/organize/sllm-2025/reviewing/papers/2/reassign/", {**form, "confirm": "yes"})
    elapsed = time.monotonic() - started
    write = ReassignmentWrite.objects.get()
    seen = status_until_done(client, f"/organize/sllm-2025/reviewing/reassignments/{write.pk}/status/")

    assert (response.status_code, elapsed < SLOW_S) == (302, True)
    assert (seen[-1]["status"], seen[-1]["edges_done"], seen[-1]["error"].split(": ")[:2]) == (
        "failed",
        0,
        ["OpenReview did not take the assignment", f"Posting an edge on {VENUE_ID}/Reviewers/-/Assignment"],
    )
    assert (Assignment.objects.filter(reviewer=alan, paper__number=2).exists(), Reassignment.objects.count()) == (
        False,
        0,
    )
