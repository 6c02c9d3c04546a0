"""GET /metrics: token or loopback only; request, query, job, mail, heartbeat and backup figures."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from sllm.mail.models import OutboxMessage
from sllm.ops import broker
from sllm.ops.models import BackupRun, Heartbeat

pytestmark = pytest.mark.django_db


def _samples(response) -> dict:
    assert response["Content-Type"] == "text/plain; version=1.0.0; charset=utf-8"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


@pytest.fixture
def broker_state():
    with broker.client() as conn:
        keys = ("pdf", broker.TOTALS_KEY, broker.DAY_KEY.format(day=broker._day()))
        conn.delete(*keys)
        conn.rpush("pdf", "job")
        broker.outcome_record(queue="sync", outcome="failed")
        broker.outcome_record(queue="sync", outcome="succeeded")
        broker.outcome_record(queue="sync", outcome="succeeded")
        yield
        conn.delete(*keys)


@pytest.mark.parametrize(
    ("header", "status"), [(None, 403), ("Bearer wrong", 403), ("s3cret", 403), ("Bearer s3cret", 200)]
)
def test_with_a_token_only_a_scraper_sending_it_gets_metrics(client, settings, header, status):
    settings.METRICS_TOKEN = "s3cret"
    extra = {"HTTP_AUTHORIZATION": header} if header else {}

    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", **extra)

    assert response.status_code == status


@pytest.mark.parametrize(
    ("remote", "forwarded", "status"),
    [("127.0.0.1", None, 200), ("::1", None, 200), ("10.0.0.5", None, 403), ("127.0.0.1", "203.0.113.9", 403)],
)
def test_without_a_token_only_this_host_gets_metrics(client, settings, remote, forwarded, status):
    settings.METRICS_TOKEN = ""
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}

    assert client.get("/metrics", REMOTE_ADDR=remote, **extra).status_code == status


def test_metrics_report_jobs_mail_heartbeats_and_the_last_backup(client, settings, edition, broker_state):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    now = timezone.now()
    Heartbeat.objects.create(kind="worker", name="w", queues=["default", "sync"], started_at=now, seen_at=now)
    for status in ("queued", "failed", "failed", "sent"):
        OutboxMessage.objects.create(
            edition=edition, to="a@example.org", subject="s", body="b", template="t", status=status
        )
    finished = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    BackupRun.objects.create(name="n", target="t", status="succeeded", started_at=finished, finished_at=finished)

    samples = _samples(client.get("/metrics"))

    assert {
        key: value for key, value in samples.items() if key[0].startswith(("sllm_celery", "sllm_mail", "sllm_backup"))
    } == {
        ("sllm_celery_queue_length", (("queue", "default"),)): 0.0,
        ("sllm_celery_queue_length", (("queue", "sync"),)): 0.0,
        ("sllm_celery_queue_length", (("queue", "pdf"),)): 1.0,
        ("sllm_celery_queue_length", (("queue", "gpu"),)): 0.0,
        ("sllm_celery_jobs_total", (("outcome", "failed"), ("queue", "sync"))): 1.0,
        ("sllm_celery_jobs_total", (("outcome", "succeeded"), ("queue", "sync"))): 2.0,
        ("sllm_mail_outbox_backlog", (("status", "queued"),)): 1.0,
        ("sllm_mail_outbox_backlog", (("status", "sending"),)): 0.0,
        ("sllm_mail_outbox_backlog", (("status", "failed"),)): 2.0,
        ("sllm_celery_workers_alive", (("queue", "default"),)): 1.0,
        ("sllm_celery_workers_alive", (("queue", "pdf"),)): 0.0,
        ("sllm_celery_workers_alive", (("queue", "sync"),)): 1.0,
        ("sllm_celery_beat_alive", ()): 0.0,
        ("sllm_backup_last_success_timestamp_seconds", ()): finished.timestamp(),
    }


def test_metrics_count_requests_latencies_and_queries_per_view(client_for, organizer, edition):
    client = client_for(organizer)
    before = _samples(client.get("/metrics"))
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        assert client.get("/organize/sllm-2025/").status_code == 200
    assert client.get("/organize/sllm-2025/").status_code == 200

    after = _samples(client.get("/metrics"))

    def grew(name, **labels):
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    view = "workshops:dashboard"
    assert grew("sllm_http_requests_total", view=view, method="GET", status="200") == 2
    assert grew("sllm_http_request_duration_seconds_count", view=view) == 2
    assert grew("sllm_db_queries_total", view=view) == 2 * len(queries) > 0
    assert grew("sllm_http_requests_total", view="ops:metrics", method="GET", status="200") == 1
