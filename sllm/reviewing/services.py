"""Writes of reviewing: reviewers' conflict disclosures and organizers' reassignments.

Both reach OpenReview too, but never from here: a service stores what was asked and enqueues a job by
its task name; the job (tasks/openreview.py) posts the edges through the OpenReview gateway and reports
back through the `*_edge_*` services below. So no web request waits for OpenReview or its retries.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sllm.accounts.models import User
from sllm.core.errors import ApplicationError, Conflict
from sllm.core.jobs import claim_expired_before, enqueue_on_commit
from sllm.submissions.models import Paper

from . import selectors
from .models import Assignment, Reassignment, ReassignmentWrite
from .models import Conflict as PaperConflict

CUSTOM_CONFLICT = "Custom Conflict"
WRITE_REASSIGNMENT_TASK = "sllm.openreview.write_reassignment"
WRITE_CONFLICT_TASK = "sllm.openreview.write_conflict"


# ---- conflicts disclosed by reviewers ---------------------------------------------------------------------


def conflict_disclose(*, paper: Paper, reviewer: User, reason: str) -> PaperConflict:
    """A reviewer's own disclosure: stored now (the paper leaves their list), posted to OpenReview as a
    Custom Conflict edge by a job. Until the edge is taken the row has no edge id, so a sync keeps it."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            "Say briefly why you have a conflict (it goes to the program chairs only).",
            code="invalid",
            extra={"fields": {"reason": "Required."}},
        )
    if len(reason) > 1000:
        raise ApplicationError("Keep the reason under 1000 characters.", code="invalid")
    with transaction.atomic():
        if PaperConflict.objects.filter(paper=paper, reviewer=reviewer).exists():
            raise ApplicationError("A conflict with this paper is already recorded.", code="already_recorded")
        conflict = PaperConflict.objects.create(
            paper=paper,
            reviewer=reviewer,
            label=CUSTOM_CONFLICT,
            source=PaperConflict.Source.DISCLOSED,
            reason=reason,
        )
        if paper.openreview_id and reviewer.openreview_id:
            enqueue_on_commit(WRITE_CONFLICT_TASK, conflict.pk)
    return conflict


def conflict_edge_claim(*, conflict: PaperConflict) -> bool:
    """The job claims the disclosure before posting its edge; False when it is posted already or another
    delivery of the job holds it (a claim older than the job's time limit is a dead job's: taken again)."""
    now = timezone.now()
    claimed = (
        PaperConflict.objects.filter(pk=conflict.pk, openreview_edge_id="")
        .filter(
            Q(edge_claimed_at__isnull=True) | Q(edge_claimed_at__lt=claim_expired_before(WRITE_CONFLICT_TASK, now=now))
        )
        .update(edge_claimed_at=now, updated_at=now)
    )
    return bool(claimed)


def conflict_edge_release(*, conflict: PaperConflict) -> None:
    """OpenReview did not take the edge: the job's retry may claim the disclosure again."""
    PaperConflict.objects.filter(pk=conflict.pk, openreview_edge_id="").update(
        edge_claimed_at=None, updated_at=timezone.now()
    )


def conflict_edge_record(*, conflict: PaperConflict, edge_id: str) -> PaperConflict:
    """The job's report: OpenReview took the disclosure as this edge."""
    with transaction.atomic():
        PaperConflict.objects.filter(pk=conflict.pk).update(openreview_edge_id=edge_id, updated_at=timezone.now())
    conflict.openreview_edge_id = edge_id
    return conflict


# ---- reassignments confirmed by organizers ----------------------------------------------------------------


def _validated(*, paper: Paper, add_reviewer_ids: list[int], remove_reviewer_id: int | None, reason: str):
    if not add_reviewer_ids:
        raise ApplicationError("Choose at least one reviewer to assign.", code="invalid")
    if reason not in Reassignment.Reason.values:
        raise ApplicationError(f"Unknown reason {reason!r}.", code="invalid")
    allowed = {int(c.key): c for c in selectors.replacement_candidates(paper=paper)}
    refused = [i for i in add_reviewer_ids if i not in allowed or allowed[i].excluded]
    if refused:
        raise ApplicationError(
            "These people cannot review this paper (not a reviewer of the edition, conflicted, "
            f"already assigned or an author): {', '.join(map(str, sorted(refused)))}.",
            code="invalid_reviewer",
        )
    removed = None
    if remove_reviewer_id is not None:
        removed = selectors.assignment_get(paper=paper, reviewer_id=remove_reviewer_id)
        if removed is None:
            raise ApplicationError("The reviewer to replace is not assigned to this paper.", code="invalid")
    added = list(User.objects.filter(pk__in=add_reviewer_ids).order_by("pk"))
    if paper.openreview_id and any(not u.openreview_id for u in added):
        raise ApplicationError(
            "Every reviewer assigned on OpenReview needs an OpenReview profile id.", code="invalid_reviewer"
        )
    return added, removed


def reassignment_confirm(
    *, paper: Paper, add_reviewer_ids: list[int], remove_reviewer_id: int | None, reason: str, performed_by: User
) -> ReassignmentWrite:
    """Assigns the chosen reviewers (and unassigns the one being replaced).

    A paper that is not on OpenReview changes here at once. One that is gets a queued write: the job
    posts the edges, then the rows here change (reassignment_write_finish), or nothing does."""
    added, removed = _validated(
        paper=paper, add_reviewer_ids=add_reviewer_ids, remove_reviewer_id=remove_reviewer_id, reason=reason
    )
    with transaction.atomic():
        Paper.objects.select_for_update().get(pk=paper.pk)  # one confirm of a paper at a time
        # A write is under way until its last sign of life is older than the job's hard time limit: then its
        # worker is gone (the job could claim it again, reassignment_write_start) and it no longer blocks.
        fresh = claim_expired_before(WRITE_REASSIGNMENT_TASK)
        if ReassignmentWrite.objects.filter(
            paper=paper, status__in=ReassignmentWrite.ACTIVE, updated_at__gte=fresh
        ).exists():
            raise Conflict(
                f"A reassignment of paper {paper.number} is still being written to OpenReview; wait for it to finish.",
                code="write_in_progress",
            )
        write = ReassignmentWrite.objects.create(
            paper=paper,
            reason=reason,
            add_reviewer_ids=[u.pk for u in added],
            remove_reviewer=removed.reviewer if removed else None,
            requested_by=performed_by,
            edges_total=(len(added) + bool(removed and removed.openreview_edge_id)) if paper.openreview_id else 0,
        )
        if paper.openreview_id:
            enqueue_on_commit(WRITE_REASSIGNMENT_TASK, write.pk)
        else:
            _apply(write)
    return write


def reassignment_write_start(*, write: ReassignmentWrite) -> bool:
    """The job claims the write; False when another delivery of the job has it or it is finished already.

    Queued -> running in one conditional UPDATE, which only one of two deliveries wins. A running write
    is taken again only once its last sign of life is older than the job's time limit (its worker died);
    the edges posted by then are kept on the row, so they are not posted twice.
    """
    now = timezone.now()
    claimed = (
        ReassignmentWrite.objects.filter(pk=write.pk)
        .filter(
            Q(status=ReassignmentWrite.Status.QUEUED)
            | Q(
                status=ReassignmentWrite.Status.RUNNING,
                updated_at__lt=claim_expired_before(WRITE_REASSIGNMENT_TASK, now=now),
            )
        )
        .update(status=ReassignmentWrite.Status.RUNNING, updated_at=now)
    )
    write.refresh_from_db()
    return bool(claimed)


def reassignment_write_edge_posted(*, write: ReassignmentWrite, user_id: int, edge_id: str) -> None:
    """OpenReview took the Assignment edge of this reviewer; kept at once, so a retry skips it."""
    write.posted_edges = {**write.posted_edges, str(user_id): edge_id}
    write.save(update_fields=["posted_edges", "updated_at"])


def reassignment_write_edge_removed(*, write: ReassignmentWrite, edge_id: str) -> None:
    """OpenReview deleted the replaced reviewer's Assignment edge."""
    write.removed_edge_id = edge_id
    write.save(update_fields=["removed_edge_id", "updated_at"])


def reassignment_write_fail(*, write: ReassignmentWrite, error: str) -> ReassignmentWrite:
    """OpenReview refused or failed: nothing changes here; the page shows why."""
    if write.edges_done:
        error += f" ({write.edges_done} of {write.edges_total} edge changes were taken; the next sync brings them in.)"
    write.status, write.error, write.finished_at = ReassignmentWrite.Status.FAILED, error, timezone.now()
    write.save(update_fields=["status", "error", "finished_at", "updated_at"])
    return write


def reassignment_write_finish(*, write: ReassignmentWrite) -> ReassignmentWrite:
    """Every edge is on OpenReview: the assignments change here, with the log, in one transaction."""
    with transaction.atomic():
        _apply(write)
    return write


def _apply(write: ReassignmentWrite) -> list[Reassignment]:
    paper = write.paper
    if write.remove_reviewer_id is not None:
        Assignment.objects.filter(
            paper=paper, reviewer_id=write.remove_reviewer_id, role=Assignment.Role.REVIEWER
        ).delete()
    records = []
    for user_id in write.add_reviewer_ids:
        edge_id = write.posted_edges.get(str(user_id), "")
        # A sync that ran while the job wrote may have imported the new edge already: update that row.
        Assignment.objects.update_or_create(
            paper=paper,
            reviewer_id=user_id,
            role=Assignment.Role.REVIEWER,
            defaults={"openreview_edge_id": edge_id, "assigned_by_id": write.requested_by_id},
        )
        records.append(
            Reassignment.objects.create(
                paper=paper,
                reason=write.reason,
                removed_reviewer_id=write.remove_reviewer_id,
                added_reviewer_id=user_id,
                added_edge_id=edge_id,
                removed_edge_id=write.removed_edge_id,
                performed_by_id=write.requested_by_id,
            )
        )
    write.status, write.finished_at, write.error = ReassignmentWrite.Status.SUCCEEDED, timezone.now(), ""
    write.save(update_fields=["status", "finished_at", "error", "updated_at"])
    return records
