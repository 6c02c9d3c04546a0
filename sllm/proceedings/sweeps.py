"""The build job's stale-job sweep and the organizers' Retry (sllm/core/jobs.py, sllm/core/registry.py)."""

from django.db import transaction
from django.utils import timezone

from sllm.core.errors import Conflict
from sllm.core.jobs import enqueue_on_commit, gave_up_reason, job_time_limit, sweep
from sllm.core.sweeps import retry_target

from .models import BUILD_JOB, Build
from .selectors import builds_stale


def _requeue(build: Build, *, sweeps: int) -> None:
    # The job builds a queued or running build again into a fresh folder (services.build_run).
    Build.objects.filter(pk=build.pk).update(
        status=Build.Status.QUEUED,
        sweeps=sweeps,
        swept_at=timezone.now(),
        step="Waiting for a worker",
        message="",
        problems=[],
        finished_at=None,
    )
    enqueue_on_commit(BUILD_JOB, build.pk)


def _give_up(build: Build) -> None:
    Build.objects.filter(pk=build.pk).update(
        status=Build.Status.FAILED,
        message=gave_up_reason(attempts=build.sweeps + 1, limit_s=job_time_limit(BUILD_JOB)),
        finished_at=timezone.now(),
    )


def builds_sweep(now=None) -> dict[str, int]:
    """Re-queues builds that outlived their limit, SWEEP_MAX_ATTEMPTS times at most, then fails them."""
    return sweep(
        builds_stale(now=now),
        attempts_of=lambda build: build.sweeps,
        requeue=lambda build: _requeue(build, sweeps=build.sweeps + 1),
        give_up=_give_up,
    )


def build_retry(*, edition, pk: int, user) -> str:
    """The organizer's Retry of a failed or stale build: the same build queued again, with fresh attempts."""
    with transaction.atomic():
        build = retry_target(Build.objects.filter(edition=edition), pk=pk, what="build")
        others = Build.objects.filter(edition=edition, status__in=[Build.Status.QUEUED, Build.Status.RUNNING])
        if any(not other.can_retry for other in others.exclude(pk=build.pk)):
            raise Conflict("Another build is under way; wait for it to finish.", code="build_running")
        _requeue(build, sweeps=0)
    return f"Build {build.pk} is queued again."
