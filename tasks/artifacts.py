"""Artifact jobs: checkpoint verification (default queue) and kernel benchmarks (gpu queue).

The benchmark task runs on a GPU host's worker, which touches no database: it reaches the platform
through its API with the runner token of that host (RUNNER_PLATFORM_URL, RUNNER_TOKEN).
"""

import logging

from celery import shared_task
from django.conf import settings

from sllm.artifacts.services import checkpoint_verify
from sllm.runner.job import PlatformClient, PlatformUnavailable, job_execute

logger = logging.getLogger(__name__)


@shared_task(
    name="sllm.artifacts.verify_checkpoint",
    acks_late=True,
    soft_time_limit=3 * 3600,
    time_limit=3 * 3600 + 60,
)
def verify_checkpoint(checkpoint_id: int) -> str | None:
    checkpoint = checkpoint_verify(checkpoint_id=checkpoint_id)
    if checkpoint is None:
        logger.warning("checkpoint %s no longer exists", checkpoint_id)
        return None
    return checkpoint.status


# The job's own limit (at most two hours) is enforced on the child process; these bound the whole task.
@shared_task(
    name="sllm.runner.run_benchmark_job",
    bind=True,
    acks_late=True,
    autoretry_for=(PlatformUnavailable,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
    soft_time_limit=2 * 3600 + 900,
    time_limit=2 * 3600 + 1200,
)
def run_benchmark_job(self, job_id: int) -> dict:
    client = PlatformClient(settings.RUNNER_PLATFORM_URL, settings.RUNNER_TOKEN)
    return job_execute(job_id=job_id, client=client, backend=settings.RUNNER_BACKEND)
