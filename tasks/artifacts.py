"""Artifact jobs: checkpoint verification (default queue).

Kernel benchmarks are no Celery task: GPU hosts hold no broker credentials, they poll the platform's
API with their runner token (`python -m sllm.runner poll`, deploy/sllm-gpu-runner.service).
"""

import logging

from celery import shared_task

from sllm.artifacts.services import checkpoint_verify

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
