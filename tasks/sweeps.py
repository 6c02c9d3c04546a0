"""The stale-job sweep (Celery beat, every 5 minutes): each job family's rows that outlived their time limit.

Each family (sllm/core/registry.py: sync, tally, build, checkpoint, benchmark, mail) re-queues what its
worker or runner left queued or running past the limit, SWEEP_MAX_ATTEMPTS times at most, and then marks
it failed with a reason the organizers see beside its Retry button (sllm/core/jobs.py).
"""

import logging

from celery import shared_task

from sllm.core.registry import JOB_FAMILIES

logger = logging.getLogger(__name__)


@shared_task(name="sllm.ops.sweep_stale_jobs", acks_late=True)
def sweep_stale_jobs() -> dict[str, dict[str, int]]:
    counts = {}
    for key, family in sorted(JOB_FAMILIES.items()):
        try:
            counts[key] = family.sweep(None)
        except Exception:  # one family's fault must not stop the others' sweep
            logger.exception("the stale-job sweep of %s failed", key)
            continue
        if any(counts[key].values()):
            logger.warning("stale %s jobs: %s", key, counts[key])
    return counts
