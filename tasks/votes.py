"""The oral-selection and award votes: open when the reviews are in, close at the deadline, tally."""

import logging

from celery import shared_task
from django.db import OperationalError

from sllm.reviewing.votes import services

logger = logging.getLogger(__name__)


@shared_task(name="sllm.votes.open_ready", acks_late=True)
def open_ready_votes() -> list[int]:
    """Periodic: opens the oral vote of each edition whose active papers all have their reviews."""
    return services.votes_open_ready()


@shared_task(name="sllm.votes.close_due", acks_late=True)
def close_due_votes() -> list[int]:
    """Periodic: closes votes past their deadline and re-enqueues tallies that never finished."""
    return services.votes_close_due()


@shared_task(
    name="sllm.votes.tally",
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=10,
)
def tally_vote(self, vote_id: int) -> str | None:
    vote = services.vote_tally(vote_id=vote_id)
    if vote is None:
        logger.warning("election %s no longer exists", vote_id)
        return None
    return vote.state
