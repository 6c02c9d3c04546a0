"""The sync job's stale-job sweep and the organizers' Retry (sllm/core/jobs.py, sllm/core/registry.py)."""

from django.db import transaction
from django.utils import timezone

from sllm.core.errors import Conflict
from sllm.core.jobs import enqueue_on_commit, gave_up_reason, job_time_limit, sweep
from sllm.core.sweeps import retry_target

from .models import SYNC_JOB, SyncRun
from .selectors import sync_runs_active, sync_runs_stale


def _requeue(run: SyncRun, *, sweeps: int) -> None:
    run.status = SyncRun.Status.QUEUED
    run.sweeps = sweeps
    run.swept_at = timezone.now()
    run.error = ""
    run.finished_at = None
    run.save(update_fields=["status", "sweeps", "swept_at", "error", "finished_at"])
    enqueue_on_commit(SYNC_JOB, run.pk)


def _give_up(run: SyncRun) -> None:
    run.status = SyncRun.Status.FAILED
    run.error = gave_up_reason(attempts=run.sweeps + 1, limit_s=job_time_limit(SYNC_JOB))
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])


def sync_runs_sweep(now=None) -> dict[str, int]:
    """Re-queues syncs that outlived their limit, SWEEP_MAX_ATTEMPTS times at most, then fails them."""
    return sweep(
        sync_runs_stale(now=now),
        attempts_of=lambda run: run.sweeps,
        requeue=lambda run: _requeue(run, sweeps=run.sweeps + 1),
        give_up=_give_up,
    )


def sync_run_retry(*, edition, pk: int, user) -> str:
    """The organizer's Retry of a failed or stale sync: the same run queued again, with fresh attempts."""
    with transaction.atomic():
        run = retry_target(SyncRun.objects.filter(edition=edition), pk=pk, what="sync run")
        other = sync_runs_active(edition=edition).exclude(pk=run.pk).first()
        if other is not None:
            raise Conflict(f"Sync run {other.pk} is already {other.status}.", code="sync_in_progress")
        _requeue(run, sweeps=0)
    return f"Sync run {run.pk} is queued again."
