"""Writes that go to OpenReview first, then here: reassignments and reviewers' conflict disclosures.

OpenReview is written first through the gateway; only when it accepted the edge is the row stored
here, in one transaction. If our write then failed, the next sync would import the edge anyway.
"""

from django.db import transaction

from sllm.accounts.models import Role, User
from sllm.core.errors import ApplicationError
from sllm.reviewing.models import Assignment, Conflict, Reassignment
from sllm.reviewing.ranking import Candidate, Ranked, rank_replacements
from sllm.submissions.models import Authorship, Paper

from .client import OpenReviewGateway, SyncError
from .mapping import venue_keys
from .models import VenueLink
from .services import GatewayFactory

CUSTOM_CONFLICT = "Custom Conflict"


def _paper_text(paper: Paper) -> str:
    return " ".join([paper.title, paper.abstract, *paper.topics])


def replacement_candidates(*, paper: Paper) -> list[Candidate]:
    """Every reviewer of the edition, with their load, their texts and why they may not take this paper."""
    workshop = paper.workshop
    reviewers = list(
        User.objects.filter(roles__workshop=workshop, roles__kind=Role.Kind.REVIEWER).order_by("pk").distinct()
    )
    assignments = list(
        Assignment.objects.filter(
            paper__workshop=workshop, role=Assignment.Role.REVIEWER, reviewer__in=reviewers
        ).select_related("paper")
    )
    conflicted = set(Conflict.objects.filter(paper=paper).values_list("reviewer_id", flat=True))
    authors = set(Authorship.objects.filter(paper=paper, user__isnull=False).values_list("user_id", flat=True))
    texts: dict[int, list[str]] = {r.pk: [] for r in reviewers}
    assigned_here = set()
    for assignment in assignments:
        texts[assignment.reviewer_id].append(_paper_text(assignment.paper))
        if assignment.paper_id == paper.pk:
            assigned_here.add(assignment.reviewer_id)
    candidates = []
    for reviewer in reviewers:
        excluded = (
            "conflict"
            if reviewer.pk in conflicted
            else "assigned"
            if reviewer.pk in assigned_here
            else "author"
            if reviewer.pk in authors
            else ""
        )
        candidates.append(
            Candidate(
                key=str(reviewer.pk),
                name=reviewer.display_name,
                load=len(texts[reviewer.pk]) - (reviewer.pk in assigned_here),
                texts=tuple(texts[reviewer.pk]),
                excluded=excluded,
            )
        )
    return candidates


def reassignment_preview(*, paper: Paper, limit: int = 8) -> list[Ranked]:
    return rank_replacements(paper_text=_paper_text(paper), candidates=replacement_candidates(paper=paper), limit=limit)


def _venue(paper: Paper):
    link = VenueLink.objects.filter(workshop=paper.workshop).first()
    venue_id = link.venue_id if link else paper.workshop.openreview_venue_id
    return venue_id, venue_keys(venue_id, link.venue_content if link else {})


def _readers(venue_id: str, paper: Paper, profile_id: str) -> list[str]:
    return [venue_id, f"{venue_id}/Submission{paper.number}/Area_Chairs", profile_id]


def reassignment_confirm(
    *,
    paper: Paper,
    add_reviewer_ids: list[int],
    remove_reviewer_id: int | None,
    reason: str,
    performed_by: User,
    gateway_factory: GatewayFactory | None = None,
) -> list[Reassignment]:
    """Assigns the chosen reviewers (and unassigns the one being replaced), on OpenReview and here."""
    if not add_reviewer_ids:
        raise ApplicationError("Choose at least one reviewer to assign.", code="invalid")
    if reason not in Reassignment.Reason.values:
        raise ApplicationError(f"Unknown reason {reason!r}.", code="invalid")
    allowed = {int(c.key): c for c in replacement_candidates(paper=paper)}
    refused = [i for i in add_reviewer_ids if i not in allowed or allowed[i].excluded]
    if refused:
        raise ApplicationError(
            "These people cannot review this paper (not a reviewer of the edition, conflicted, "
            f"already assigned or an author): {', '.join(map(str, sorted(refused)))}.",
            code="invalid_reviewer",
        )
    removed = None
    if remove_reviewer_id is not None:
        removed = (
            Assignment.objects.filter(paper=paper, reviewer_id=remove_reviewer_id, role=Assignment.Role.REVIEWER)
            .select_related("reviewer")
            .first()
        )
        if removed is None:
            raise ApplicationError("The reviewer to replace is not assigned to this paper.", code="invalid")
    added = list(User.objects.filter(pk__in=add_reviewer_ids).order_by("pk"))
    on_openreview = bool(paper.openreview_id)
    if on_openreview and any(not u.openreview_id for u in added):
        raise ApplicationError(
            "Every reviewer assigned on OpenReview needs an OpenReview profile id.", code="invalid_reviewer"
        )
    edge_ids: dict[int, str] = {}
    removed_edge = ""
    if on_openreview:
        venue_id, keys = _venue(paper)
        try:
            gateway = (gateway_factory or OpenReviewGateway.from_settings)()
            for user in added:
                edge = gateway.post_edge(
                    invitation=keys.reviewers_assignment_id,
                    head=paper.openreview_id,
                    tail=user.openreview_id,
                    signature=venue_id,
                    weight=1,
                    readers=_readers(venue_id, paper, user.openreview_id),
                )
                edge_ids[user.pk] = edge["id"]
            if removed is not None and removed.openreview_edge_id:
                gateway.post_edge(
                    invitation=keys.reviewers_assignment_id,
                    head=paper.openreview_id,
                    tail=removed.reviewer.openreview_id or "",
                    signature=venue_id,
                    readers=_readers(venue_id, paper, removed.reviewer.openreview_id or ""),
                    edge_id=removed.openreview_edge_id,
                    delete=True,
                )
                removed_edge = removed.openreview_edge_id
        except SyncError as exc:
            raise ApplicationError(
                f"OpenReview did not take the assignment: {exc.message}", code="openreview_error"
            ) from exc
    with transaction.atomic():
        if removed is not None:
            removed.delete()
        records = []
        for user in added:
            Assignment.objects.create(
                paper=paper,
                reviewer=user,
                role=Assignment.Role.REVIEWER,
                openreview_edge_id=edge_ids.get(user.pk, ""),
                assigned_by=performed_by,
            )
            records.append(
                Reassignment.objects.create(
                    paper=paper,
                    reason=reason,
                    removed_reviewer=removed.reviewer if removed else None,
                    added_reviewer=user,
                    added_edge_id=edge_ids.get(user.pk, ""),
                    removed_edge_id=removed_edge,
                    performed_by=performed_by,
                )
            )
    return records


def conflict_disclose(
    *, paper: Paper, reviewer: User, reason: str, gateway_factory: GatewayFactory | None = None
) -> Conflict:
    """A reviewer's own disclosure, posted to OpenReview as a Custom Conflict edge."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            "Say briefly why you have a conflict (it goes to the program chairs only).",
            code="invalid",
            extra={"fields": {"reason": "Required."}},
        )
    if len(reason) > 1000:
        raise ApplicationError("Keep the reason under 1000 characters.", code="invalid")
    if Conflict.objects.filter(paper=paper, reviewer=reviewer).exists():
        raise ApplicationError("A conflict with this paper is already recorded.", code="already_recorded")
    edge_id = ""
    if paper.openreview_id and reviewer.openreview_id:
        venue_id, keys = _venue(paper)
        try:
            gateway = (gateway_factory or OpenReviewGateway.from_settings)()
            edge = gateway.post_edge(
                invitation=keys.reviewers_conflict_id,
                head=paper.openreview_id,
                tail=reviewer.openreview_id,
                signature=venue_id,
                weight=-1,
                label=CUSTOM_CONFLICT,
                readers=_readers(venue_id, paper, reviewer.openreview_id),
            )
        except SyncError as exc:
            raise ApplicationError(
                f"OpenReview did not take the disclosure: {exc.message}", code="openreview_error"
            ) from exc
        edge_id = edge["id"]
    with transaction.atomic():
        return Conflict.objects.create(
            paper=paper,
            reviewer=reviewer,
            label=CUSTOM_CONFLICT,
            openreview_edge_id=edge_id,
            source=Conflict.Source.DISCLOSED,
            reason=reason,
        )
