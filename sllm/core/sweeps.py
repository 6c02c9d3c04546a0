"""What every job family's Retry checks first (sllm/core/registry.py's JobFamily.retry)."""

from django.db.models import QuerySet

from .errors import ApplicationError, Conflict


def retry_target(rows: QuerySet, *, pk: int, what: str):
    """Row `pk` of `rows` (the edition's jobs of one family), locked, if it failed or went stale.

    Raises ApplicationError "not_found" when the edition has no such job, and Conflict when the job is
    under way or done (its model's `can_retry` says which): the Retry changes nothing then. Call it inside
    a transaction.
    """
    row = rows.select_for_update().filter(pk=pk).first()
    if row is None:
        raise ApplicationError(f"No such {what} in this edition.", code="not_found")
    if not row.can_retry:
        raise Conflict(f"This {what} is under way or done: only a failed or stale one is retried.", code="state")
    return row
