"""The organizers' dashboard shows the platform's health: workers, beat, sync, jobs, mail, backups."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from sllm.mail.models import OutboxMessage
from sllm.openreview.models import SyncRun
from sllm.ops import broker
from sllm.ops.models import BackupRun, Heartbeat

pytestmark = pytest.mark.django_db

FINISHED = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def _panel_text(html: str) -> list[str]:
    section = re.search(r'<section aria-labelledby="health-heading".*?</section>', html, re.S).group(0)
    text = re.sub(r"<[^>]+>", "\n", section)
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture
def broker_state():
    with broker.client() as conn:
        conn.delete("sync", broker.TOTALS_KEY, broker.DAY_KEY.format(day=broker._day()))
        conn.rpush("sync", "job-1", "job-2")
        for _ in range(3):
            broker.outcome_record(queue="default", outcome="failed")
        broker.outcome_record(queue="pdf", outcome="succeeded")
        yield
        conn.delete("sync", broker.TOTALS_KEY, broker.DAY_KEY.format(day=broker._day()))


def _state(edition):
    now = timezone.now()
    Heartbeat.objects.create(kind="worker", name="w1", queues=["default", "sync"], started_at=now, seen_at=now)
    Heartbeat.objects.create(kind="worker", name="w2", queues=["pdf"], started_at=now, seen_at=now - timedelta(hours=1))
    Heartbeat.objects.create(kind="beat", name="b", started_at=now, seen_at=FINISHED)
    SyncRun.objects.create(
        edition=edition, venue_id="v", status="failed", finished_at=FINISHED, error="OpenReview answered 503"
    )
    for status in ("queued", "sending", "failed", "failed", "sent"):
        OutboxMessage.objects.create(
            edition=edition, to="a@example.org", subject="s", body="b", template="t", status=status
        )
    BackupRun.objects.create(
        name="ok",
        target="x",
        status="succeeded",
        started_at=FINISHED - timedelta(minutes=1),
        finished_at=FINISHED,
        bytes=2048,
        files=3,
        rows=40,
    )
    BackupRun.objects.create(
        name="bad",
        target="x",
        status="failed",
        started_at=FINISHED,
        finished_at=FINISHED + timedelta(days=1),
        error="pg_dump failed: disk full",
    )


def test_organizer_sees_the_health_panel(client_for, organizer, edition, settings, broker_state):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    _state(edition)

    html = client_for(organizer).get("/organize/sllm-2025/").content.decode()

    assert _panel_text(html) == [
        "Platform health",
        "Workers",
        "default: 1 live",
        "sync: 1 live",
        "pdf:",
        "no live worker",
        "Beat:",
        "last seen 2026-12-01 03:00 UTC",
        "Last OpenReview sync",
        "Failed, 2026-12-01 03:00 UTC",
        "OpenReview answered 503",
        "Mail outbox",
        "4 not yet sent, 2 failing",
        "Last backup",
        "Failed, 2026-12-02 03:00 UTC",
        "pg_dump failed: disk full",
        "Last good: 2026-12-01 03:00 UTC",
        "Jobs per queue (failures and successes since midnight UTC)",
        "Queue",
        "Waiting",
        "Failed today",
        "Done today",
        "default",
        "0",
        "3",
        "0",
        "sync",
        "2",
        "0",
        "0",
        "pdf",
        "0",
        "0",
        "1",
        "gpu",
        "0",
        "0",
        "0",
    ]


def test_health_panel_in_demo_mode_and_without_history(client_for, organizer, edition, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    html = client_for(organizer).get("/organize/sllm-2025/").content.decode()

    assert _panel_text(html) == [
        "Platform health",
        "Workers",
        "Jobs run inside the web process (demo mode).",
        "Last OpenReview sync",
        "No sync yet.",
        "Mail outbox",
        "0 not yet sent",
        "Last backup",
        "No backup yet.",
    ]


def test_health_panel_says_when_the_broker_is_away(client_for, organizer, edition, settings, hung_port):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_SOCKET_TIMEOUT = 0.5
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{hung_port}/0"

    html = client_for(organizer).get("/organize/sllm-2025/").content.decode()

    assert _panel_text(html)[-6:] == [
        "Jobs per queue (failures and successes since midnight UTC)",
        "Queue",
        "Waiting",
        "Failed today",
        "Done today",
        "The job broker is unavailable.",
    ]


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("author", 403), ("reviewer", 403), ("stranger", 403)])
def test_only_organizers_see_the_health_panel(client_for, request, edition, who, status):
    _state(edition)
    user = request.getfixturevalue(who) if who else None
    before = (Heartbeat.objects.count(), BackupRun.objects.count(), OutboxMessage.objects.count())

    response = client_for(user).get("/organize/sllm-2025/")

    assert response.status_code == status
    assert b"Platform health" not in response.content
    assert (Heartbeat.objects.count(), BackupRun.objects.count(), OutboxMessage.objects.count()) == before
