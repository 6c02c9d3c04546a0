"""OpenReview jobs, on the `sync` queue (their names start with sllm.openreview.)."""

import datetime as dt
import logging

from celery import shared_task

from sllm.core.errors import Conflict
from sllm.openreview.client import SyncError
from sllm.openreview.invitations.services import invitation_retry_failed, invitation_run
from sllm.openreview.selectors import edition_by_id, workshops_to_sync
from sllm.openreview.services import sync_run_execute, sync_run_request
from sllm.openreview.writeback import conflict_edge_write, reassignment_edges_write

logger = logging.getLogger(__name__)


@shared_task(name="sllm.openreview.sync_venue", bind=True, acks_late=True, max_retries=5)
def sync_venue(self, run_id: int) -> str | None:
    """Runs one queued sync; a rate limit, an outage or a network fault is retried after a wait."""
    try:
        run = sync_run_execute(run_id=run_id)
    except SyncError as exc:
        if exc.retry_after is None:
            raise
        raise self.retry(exc=exc, countdown=min(max(exc.retry_after, 30), 3600)) from exc
    if run is None:
        logger.warning("sync run %s no longer exists", run_id)
        return None
    return run.status


@shared_task(name="sllm.openreview.sync_all", acks_late=True)
def sync_all() -> list[int]:
    """The beat entry: queue a sync of every edition linked to a venue with automatic sync on."""

    queued = []
    for edition in workshops_to_sync():
        try:
            queued.append(sync_run_request(edition=edition, user=None, trigger="schedule").pk)
        except Conflict:
            logger.info("a sync of %s is already under way; not queueing another", edition.slug)
    return queued


@shared_task(name="sllm.openreview.invite_people", acks_late=True)
def invite_people(edition_id: int, roles: list[str], resend: bool = False, asked_at: str | None = None) -> dict | None:
    """One invitation run (idempotent: people invited before are not messaged again unless resend, and a
    resend only to those whose link was sent before it was asked at)."""
    edition = edition_by_id(edition_id)
    if edition is None:
        logger.warning("edition %s no longer exists; nobody invited", edition_id)
        return None
    sent_before = dt.datetime.fromisoformat(asked_at) if asked_at else None
    return invitation_run(edition=edition, roles=roles or None, resend=resend, sent_before=sent_before)


@shared_task(name="sllm.openreview.retry_invitations", acks_late=True)
def retry_invitations() -> int:
    """The beat entry: invitations OpenReview refused (401, 429, 5xx) are sent again."""
    try:
        return invitation_retry_failed()
    except SyncError as exc:
        logger.warning("invitations not retried: %s", exc.message)
        return 0


@shared_task(name="sllm.openreview.write_reassignment", acks_late=True)
def write_reassignment(write_id: int) -> str | None:
    """Posts a confirmed reassignment's edges; a failure ends the write with OpenReview's reason (not
    retried here: a repeated create could duplicate an edge, and the organizer sees the reason)."""
    write = reassignment_edges_write(write_id=write_id)
    if write is None:
        logger.warning("reassignment write %s no longer exists", write_id)
        return None
    return write.status


@shared_task(name="sllm.openreview.write_conflict", bind=True, acks_late=True, max_retries=5)
def write_conflict(self, conflict_id: int) -> str | None:
    """Posts a disclosed conflict; rate limits and outages are retried later. The disclosure is stored
    already, so a conflict edge posted twice would only say the same thing twice."""
    try:
        conflict = conflict_edge_write(conflict_id=conflict_id)
    except SyncError as exc:
        if exc.retry_after is None:
            raise
        raise self.retry(exc=exc, countdown=min(max(exc.retry_after, 30), 3600)) from exc
    return conflict.openreview_edge_id if conflict else None
