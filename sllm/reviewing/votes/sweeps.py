"""The tally job's stale-job sweep and the organizers' Retry (sllm/core/jobs.py, sllm/core/registry.py).

The tally is one transaction that holds the vote's row: a vote still `tallying` past the job's limit lost
its worker, and the job runs again from there (services.vote_tally is idempotent).
"""

from django.db import transaction

from sllm.core.jobs import enqueue_on_commit, gave_up_reason, job_time_limit, sweep
from sllm.core.sweeps import retry_target
from sllm.reviewing.models import TALLY_JOB, Vote

from .selectors import votes_stale
from .services import vote_close


def _tally_again(vote: Vote, *, sweeps: int) -> None:
    vote.tally_sweeps = sweeps
    vote.tally_error = ""
    vote.save(update_fields=["tally_sweeps", "tally_error", "updated_at"])
    enqueue_on_commit(TALLY_JOB, vote.pk)


def _give_up(vote: Vote) -> None:
    vote.tally_error = gave_up_reason(attempts=vote.tally_sweeps + 1, limit_s=job_time_limit(TALLY_JOB))
    vote.save(update_fields=["tally_error", "updated_at"])


def votes_sweep(now=None) -> dict[str, int]:
    return sweep(
        votes_stale(now=now),
        attempts_of=lambda vote: vote.tally_sweeps,
        requeue=lambda vote: _tally_again(vote, sweeps=vote.tally_sweeps + 1),
        give_up=_give_up,
    )


def vote_tally_retry(*, edition, pk: int, user) -> str:
    """The organizer's Retry of a tally that stalled or was given up on, with fresh attempts: the vote
    page's own "Run the tally again" (services.vote_close), refused for a vote that is not stuck."""
    with transaction.atomic():
        vote = retry_target(Vote.objects.filter(edition=edition), pk=pk, what="tally")
        vote_close(vote=vote, user=user)
    return f"The tally of the {vote.get_kind_display()} vote is queued again."
