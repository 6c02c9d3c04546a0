"""Stale-job sweeps and the organizers' Retry for checkpoint verification and GPU benchmarks.

A verification is a Celery job (tasks/artifacts.py); a benchmark is claimed by a GPU runner over the API
and holds a lease of its time limit plus JOB_OVERHEAD_S: a runner that dies leaves it running until the
sweep releases it to the pool again (sllm/core/jobs.py, sllm/core/registry.py).
"""

from django.db import transaction
from django.utils import timezone

from sllm.core.jobs import SWEEP_MAX_ATTEMPTS, gave_up_reason, job_time_limit, sweep
from sllm.core.sweeps import retry_target

from .models import JOB_OVERHEAD_S, VERIFY_JOB, BenchmarkJob, Checkpoint
from .selectors import benchmark_jobs_stale, checkpoints_stale
from .services import checkpoint_reverify, checkpoint_verify_request


def _verify_again(checkpoint: Checkpoint) -> None:
    checkpoint.sweeps += 1
    checkpoint.save(update_fields=["sweeps", "updated_at"])
    checkpoint_verify_request(checkpoint=checkpoint)  # clears the dead job's claim too


def _verification_given_up(checkpoint: Checkpoint) -> None:
    checkpoint.status = Checkpoint.Status.FAILED
    checkpoint.error_code = "verification_stalled"
    checkpoint.error_message = gave_up_reason(attempts=checkpoint.sweeps + 1, limit_s=job_time_limit(VERIFY_JOB))
    checkpoint.save(update_fields=["status", "error_code", "error_message", "updated_at"])


def checkpoints_sweep(now=None) -> dict[str, int]:
    return sweep(
        checkpoints_stale(now=now),
        attempts_of=lambda checkpoint: checkpoint.sweeps,
        requeue=_verify_again,
        give_up=_verification_given_up,
    )


def checkpoint_retry(*, edition, pk: int, user) -> str:
    """The organizer's Retry of a failed or stalled verification, with fresh attempts: the dashboard's own
    "Verify again" (services.checkpoint_reverify), refused for a checkpoint that is not stuck."""
    with transaction.atomic():
        checkpoint = retry_target(Checkpoint.objects.filter(paper__edition=edition), pk=pk, what="verification")
        checkpoint_reverify(paper=checkpoint.paper)
    return f"The checkpoint of paper #{checkpoint.paper.number} is queued for verification again."


def _release(job: BenchmarkJob, *, attempts: int) -> None:
    # Back in the pool: any runner of the pool may claim it; the dead runner's late result is refused.
    job.status = BenchmarkJob.Status.QUEUED
    job.runner = None
    job.started_at = None
    job.attempts = attempts
    job.error = ""
    job.save(update_fields=["status", "runner", "started_at", "attempts", "error", "updated_at"])


def _benchmark_given_up(job: BenchmarkJob) -> None:
    job.status = BenchmarkJob.Status.FAILED
    job.finished_at = timezone.now()
    job.error = gave_up_reason(attempts=job.attempts, limit_s=job.time_limit_s + JOB_OVERHEAD_S)
    job.save(update_fields=["status", "finished_at", "error", "updated_at"])


def benchmark_jobs_sweep(now=None) -> dict[str, int]:
    """Releases jobs whose runner outlived the lease; a job claimed SWEEP_MAX_ATTEMPTS times fails."""
    return sweep(
        benchmark_jobs_stale(now=now),
        attempts_of=lambda job: job.attempts,
        requeue=lambda job: _release(job, attempts=job.attempts),
        give_up=_benchmark_given_up,
    )


def benchmark_job_retry(*, edition, pk: int, user) -> str:
    """The organizer's Retry of a failed job or one whose runner is gone: queued again, fresh attempts."""
    with transaction.atomic():
        job = retry_target(BenchmarkJob.objects.filter(paper__edition=edition), pk=pk, what="benchmark job")
        _release(job, attempts=0)
    return f"Benchmark job {job.pk} is queued again (up to {SWEEP_MAX_ATTEMPTS} runner attempts)."
