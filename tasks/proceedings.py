"""The proceedings job: build an edition's volume on the pdf queue."""

import logging

from celery import shared_task

from sllm.proceedings.services import build_run

logger = logging.getLogger(__name__)


@shared_task(name="sllm.proceedings.build_volume", acks_late=True)
def build_volume_task(build_id: int) -> str | None:
    """Idempotent: a finished build is left alone; a redelivered running one builds again into a fresh
    folder, and only a whole volume is ever swapped in."""
    build = build_run(build_id=build_id)
    if build is None:
        logger.warning("proceedings build %s no longer exists", build_id)
        return None
    return build.status
