"""The organizers' sync page: a button that queues the sync task, its progress, the runs."""

import datetime as dt
import logging

import pytest
from django.utils import timezone

from sllm.core.errors import Conflict
from sllm.openreview.models import STALE_SYNC, SyncRun
from sllm.openreview.services import sync_run_request, venue_sync
from tasks.celery import app
from tasks.openreview import sync_all
from tests import factories

from .conftest import VENUE_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced_edition(standin):
    edition = venue_sync(slug="sllm-2025", venue_id=VENUE_ID).edition
    organizer = factories.UserFactory(email="chair@example.org")
    factories.grant(organizer, edition, "organizer")
    author = factories.UserFactory(email="someone@example.org")
    factories.grant(author, edition, "author")
    return edition, organizer, author


def test_the_button_runs_the_sync_task_and_the_page_shows_the_run(
    client_for, synced_edition, django_capture_on_commit_callbacks
):
    edition, organizer, _ = synced_edition
    client = client_for(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/organize/sllm-2025/openreview/sync/")
    run = SyncRun.objects.order_by("-id").first()
    assert (
        response.status_code,
        run.status,
        run.trigger,
        run.requested_by,
        run.rows_written,
        run.progress,
    ) == (302, "succeeded", "dashboard", organizer, 0, 100)
    page = client.get("/organize/sllm-2025/openreview/")
    assert [r.pk for r in page.context["runs"]] == list(
        SyncRun.objects.order_by("-created_at", "-id").values_list("pk", flat=True)
    )
    status = client.get(f"/organize/sllm-2025/openreview/runs/{run.pk}.json").json()
    assert status == {
        "id": run.pk,
        "status": "succeeded",
        "stage": "done",
        "progress": 100,
        "rows_written": 0,
        "requests": 13,
        "warnings": 1,
        "error": "",
    }


def test_a_second_sync_is_refused_while_one_is_queued(client_for, synced_edition):
    edition, organizer, _ = synced_edition
    SyncRun.objects.create(edition=edition, venue_id=VENUE_ID, status=SyncRun.Status.QUEUED)
    before = SyncRun.objects.count()
    response = client_for(organizer).post("/organize/sllm-2025/openreview/sync/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"A sync of this edition is already queued (run {SyncRun.objects.order_by('-id').first().pk})."
    ]
    assert SyncRun.objects.count() == before


@pytest.mark.parametrize("who, page, post", [("anonymous", 302, 302), ("author", 403, 403), ("organizer", 200, 302)])
def test_permissions(client_for, synced_edition, who, page, post):
    edition, organizer, author = synced_edition
    client = client_for({"anonymous": None, "author": author, "organizer": organizer}[who])
    before = SyncRun.objects.count()
    run = SyncRun.objects.first()
    assert [
        client.get("/organize/sllm-2025/openreview/").status_code,
        client.get(f"/organize/sllm-2025/openreview/runs/{run.pk}.json").status_code,
        client.post("/organize/sllm-2025/openreview/sync/").status_code,
    ] == [page, page, post]
    assert SyncRun.objects.count() == before + (1 if who == "organizer" else 0)


@pytest.mark.parametrize("count", [1, 3])
def test_the_page_takes_a_fixed_number_of_queries(client_for, synced_edition, django_assert_num_queries, count):
    edition, organizer, _ = synced_edition
    SyncRun.objects.all().delete()
    for _ in range(count):
        SyncRun.objects.create(edition=edition, venue_id=VENUE_ID, status="succeeded", requested_by=organizer)
    client = client_for(organizer)
    with django_assert_num_queries(6):
        client.get("/organize/sllm-2025/openreview/")


def test_the_beat_entry_queues_a_sync_of_every_linked_synced_edition(
    synced_edition, settings, django_capture_on_commit_callbacks
):

    assert settings.CELERY_BEAT_SCHEDULE["sllm.openreview.sync_all"] == {
        "task": "sllm.openreview.sync_all",
        "schedule": 3600.0,
    }
    with django_capture_on_commit_callbacks(execute=True):
        queued = sync_all.delay().get()
    assert [(r.pk, r.status, r.trigger) for r in SyncRun.objects.filter(pk__in=queued)] == [
        (queued[0], "succeeded", "schedule")
    ]


def test_the_sync_task_goes_to_the_sync_queue():

    assert app.amqp.router.route({}, "sllm.openreview.sync_venue")["queue"].name == "sync"


def test_a_broker_outage_at_commit_keeps_the_page_and_the_run_queued_until_it_is_stale(
    client_for, synced_edition, broker_down, caplog, django_capture_on_commit_callbacks
):
    edition, organizer, _ = synced_edition
    client = client_for(organizer)
    with caplog.at_level(logging.ERROR, logger="sllm.core.jobs"), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/organize/sllm-2025/openreview/sync/")
    lost = SyncRun.objects.order_by("-id").first()
    assert (response.status_code, response["Location"], lost.status, lost.trigger) == (
        302,
        "/organize/sllm-2025/openreview/",
        "queued",
        "dashboard",
    )
    assert [r.getMessage() for r in caplog.records if r.name == "sllm.core.jobs"] == [
        f"could not enqueue sllm.openreview.sync_venue({lost.pk},); it stays pending"
    ]
    # The broker is back; the lost run still blocks until it is stale, then the next press syncs.
    app.set_current()
    assert client.post("/organize/sllm-2025/openreview/sync/").status_code == 302
    assert SyncRun.objects.order_by("-id").first() == lost
    SyncRun.objects.filter(pk=lost.pk).update(created_at=timezone.now() - STALE_SYNC - dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/organize/sllm-2025/openreview/sync/")
    retried = SyncRun.objects.order_by("-id").first()
    assert (retried.pk != lost.pk, retried.status, lost.status) == (True, "succeeded", "queued")


def _age(run, **ages):
    SyncRun.objects.filter(pk=run.pk).update(**{name: timezone.now() - age for name, age in ages.items()})


@pytest.mark.parametrize(
    ("status", "ages", "blocks"),
    [
        ("queued", {"created_at": dt.timedelta(minutes=59)}, True),
        ("queued", {"created_at": dt.timedelta(minutes=61)}, False),
        ("running", {"created_at": dt.timedelta(hours=3), "started_at": dt.timedelta(minutes=59)}, True),
        ("running", {"created_at": dt.timedelta(hours=3), "started_at": dt.timedelta(minutes=61)}, False),
        ("failed", {"created_at": dt.timedelta(minutes=1)}, False),
    ],
)
def test_a_sync_older_than_the_stale_limit_no_longer_blocks_the_next(synced_edition, status, ages, blocks):
    edition, organizer, _ = synced_edition
    assert STALE_SYNC == dt.timedelta(hours=1)
    old = SyncRun.objects.create(edition=edition, venue_id=VENUE_ID, status=status)
    _age(old, **ages)
    old.refresh_from_db()
    before = SyncRun.objects.count()
    if blocks:
        with pytest.raises(Conflict) as refused:
            sync_run_request(edition=edition, user=organizer)
        assert (refused.value.code, SyncRun.objects.count(), old.is_active) == ("sync_in_progress", before, True)
    else:
        run = sync_run_request(edition=edition, user=organizer)
        assert (run.status, SyncRun.objects.count(), old.is_active) == ("queued", before + 1, False)


def test_the_command_sync_is_blocked_only_by_a_running_sync_younger_than_the_limit(synced_edition):
    edition, _, _ = synced_edition
    running = SyncRun.objects.create(edition=edition, venue_id=VENUE_ID, status="running")
    _age(running, started_at=dt.timedelta(minutes=5))
    with pytest.raises(Conflict):
        venue_sync(slug="sllm-2025", venue_id=VENUE_ID)
    _age(running, started_at=dt.timedelta(minutes=61))
    assert venue_sync(slug="sllm-2025", venue_id=VENUE_ID).status == "succeeded"
