"""The edges that reviewing's decisions post to OpenReview, run by jobs (tasks/openreview.py).

Reviewing decides and stores (sllm/reviewing/services.py); this module only turns a stored decision into
gateway calls and reports each result back through reviewing's services. For a reassignment OpenReview
is written first and the rows here change only when it took every edge, so a failure changes nothing
here; each posted edge is recorded at once, so a second delivery of the job never posts it twice.
"""

from sllm.accounts.models import User
from sllm.reviewing import selectors as reviewing_selectors
from sllm.reviewing import services as reviewing
from sllm.reviewing.models import Conflict, ReassignmentWrite
from sllm.submissions.models import Paper

from .client import OpenReviewGateway, SyncError
from .mapping import venue_keys
from .models import VenueLink
from .services import GatewayFactory


def _venue(paper: Paper):
    link = VenueLink.objects.filter(edition=paper.edition).first()
    venue_id = link.venue_id if link else paper.edition.openreview_venue_id
    return venue_id, venue_keys(venue_id, link.venue_content if link else {})


def _readers(venue_id: str, paper: Paper, profile_id: str) -> list[str]:
    return [venue_id, f"{venue_id}/Submission{paper.number}/Area_Chairs", profile_id]


def reassignment_edges_write(
    *, write_id: int, gateway_factory: GatewayFactory | None = None
) -> ReassignmentWrite | None:
    """Posts the write's Assignment edges (and deletes the replaced one), then applies it here.

    One try per created edge (the gateway never repeats a create: the first may have landed); a refusal
    or an outage ends the write as failed with OpenReview's reason."""
    write = reviewing_selectors.reassignment_write_get(write_id=write_id)
    if write is None or not reviewing.reassignment_write_start(write=write):
        return write
    paper = write.paper
    added = list(User.objects.filter(pk__in=write.add_reviewer_ids).order_by("pk"))
    removed = (
        reviewing_selectors.assignment_get(paper=paper, reviewer_id=write.remove_reviewer_id)
        if write.remove_reviewer_id
        else None
    )
    venue_id, keys = _venue(paper)
    try:
        gateway = (gateway_factory or OpenReviewGateway.from_settings)()
        for user in added:
            if str(user.pk) in write.posted_edges:
                continue
            edge = gateway.post_edge(
                invitation=keys.reviewers_assignment_id,
                head=paper.openreview_id,
                tail=user.openreview_id,
                signature=venue_id,
                weight=1,
                readers=_readers(venue_id, paper, user.openreview_id),
            )
            reviewing.reassignment_write_edge_posted(write=write, user_id=user.pk, edge_id=edge["id"])
        if removed is not None and removed.openreview_edge_id and not write.removed_edge_id:
            profile_id = removed.reviewer.openreview_id or ""
            gateway.post_edge(
                invitation=keys.reviewers_assignment_id,
                head=paper.openreview_id,
                tail=profile_id,
                signature=venue_id,
                readers=_readers(venue_id, paper, profile_id),
                edge_id=removed.openreview_edge_id,
                delete=True,
            )
            reviewing.reassignment_write_edge_removed(write=write, edge_id=removed.openreview_edge_id)
    except SyncError as exc:
        return reviewing.reassignment_write_fail(
            write=write, error=f"OpenReview did not take the assignment: {exc.message}"
        )
    return reviewing.reassignment_write_finish(write=write)


def conflict_edge_write(*, conflict_id: int, gateway_factory: GatewayFactory | None = None) -> Conflict | None:
    """Posts a disclosed conflict as a Custom Conflict edge; raises SyncError for the job to retry."""
    conflict = reviewing_selectors.conflict_get(conflict_id=conflict_id)
    if conflict is None or conflict.openreview_edge_id:
        return conflict  # gone, or taken already (a second delivery)
    paper, reviewer = conflict.paper, conflict.reviewer
    if not (paper.openreview_id and reviewer.openreview_id):
        return conflict
    if not reviewing.conflict_edge_claim(conflict=conflict):
        return conflict  # another delivery of the job is posting it, or has posted it
    venue_id, keys = _venue(paper)
    try:
        gateway = (gateway_factory or OpenReviewGateway.from_settings)()
        edge = gateway.post_edge(
            invitation=keys.reviewers_conflict_id,
            head=paper.openreview_id,
            tail=reviewer.openreview_id,
            signature=venue_id,
            weight=-1,
            label=conflict.label,
            readers=_readers(venue_id, paper, reviewer.openreview_id),
        )
    except Exception:
        reviewing.conflict_edge_release(conflict=conflict)
        raise
    return reviewing.conflict_edge_record(conflict=conflict, edge_id=edge["id"])
