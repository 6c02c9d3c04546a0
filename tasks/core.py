"""Jobs that belong to the foundation: the PDF page check of a stored upload; forgetting old idempotency keys."""

import logging

from celery import shared_task

from sllm.core.idempotency import idempotency_keys_expire
from sllm.submissions import services

logger = logging.getLogger(__name__)


@shared_task(name="sllm.submissions.recheck_paper_file", acks_late=True)
def recheck_paper_file(paper_file_id: int) -> dict | None:
    """Re-runs the page check of a stored PDF (after a limit change, or to audit)."""
    result = services.paper_file_recheck(paper_file_id=paper_file_id)
    if result is None:
        logger.warning("paper file %s no longer exists", paper_file_id)
    return result


@shared_task(name="sllm.core.expire_idempotency_keys", acks_late=True)
def expire_idempotency_keys() -> int:
    return idempotency_keys_expire()
