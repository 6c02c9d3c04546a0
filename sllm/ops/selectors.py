"""Reads of the platform's operating state: heartbeats, backups, and the dashboard's health panel."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from sllm.mail.selectors import outbox_counts
from sllm.openreview.selectors import sync_run_list

from . import broker
from .models import BackupRun, Heartbeat

logger = logging.getLogger(__name__)


def heartbeat_state(*, now=None) -> dict:
    """Live workers per queue and whether beat is alive, from one query over the heartbeats."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.HEARTBEAT_STALE_S)
    queues: dict[str, int] = {}
    workers = []
    beat_seen_at = None
    for beat in Heartbeat.objects.all():
        alive = beat.seen_at >= stale_before
        if beat.kind == Heartbeat.Kind.BEAT:
            beat_seen_at = max(beat_seen_at, beat.seen_at) if beat_seen_at else beat.seen_at
            continue
        workers.append({"name": beat.name, "queues": beat.queues, "seen_at": beat.seen_at, "alive": alive})
        for queue in beat.queues:
            queues[queue] = queues.get(queue, 0) + (1 if alive else 0)
    beat_alive = beat_seen_at is not None and beat_seen_at >= stale_before
    return {
        "queues": queues,
        "workers": workers,
        "beat_alive": beat_alive,
        "beat_seen_at": beat_seen_at,
        "beat_age_s": round((now - beat_seen_at).total_seconds()) if beat_seen_at else None,
    }


def backup_last() -> BackupRun | None:
    return BackupRun.objects.first()


def backup_last_succeeded() -> BackupRun | None:
    return BackupRun.objects.filter(status=BackupRun.Status.SUCCEEDED).first()


def job_state() -> list[dict] | None:
    """Per queue: waiting messages, jobs failed and succeeded today (UTC); None when the broker is away."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    try:
        lengths = broker.queue_lengths()
        today = broker.outcomes_today()
    except Exception as exc:  # the panel says "unavailable" instead of failing the dashboard
        logger.warning("broker unavailable for the dashboard: %s", exc)
        return None
    return [
        {
            "queue": queue,
            "queued": lengths[queue],
            "failed_today": today.get((queue, "failed"), 0),
            "succeeded_today": today.get((queue, "succeeded"), 0),
        }
        for queue in broker.QUEUES
    ]


def ops_overview(*, edition) -> dict:
    """The dashboard's health panel: what /healthz sees, plus this edition's sync and mail backlog."""
    last_sync = next(iter(sync_run_list(edition=edition, limit=1)), None)
    mail = outbox_counts(edition=edition)
    heartbeats = heartbeat_state()
    return {
        "eager": bool(settings.CELERY_TASK_ALWAYS_EAGER),
        "heartbeats": heartbeats,
        "worker_queues": [
            {"queue": queue, "alive": heartbeats["queues"].get(queue, 0)} for queue in settings.HEALTH_REQUIRED_QUEUES
        ],
        "jobs": job_state(),
        "last_sync": last_sync,
        "mail_backlog": mail["queued"] + mail["sending"] + mail["failed"],
        "mail_failed": mail["failed"],
        "last_backup": backup_last(),
        "last_good_backup": backup_last_succeeded(),
    }
