"""Reads of the reviewing app, each already joined for the page that shows it (no N+1)."""

from django.db.models import Count, Exists, OuterRef, Q

from sllm.accounts.models import Role, User
from sllm.submissions.models import Authorship, Paper

from .models import REVIEWS_PER_PAPER, Assignment, Conflict, Reassignment, ReassignmentWrite, Review
from .ranking import Candidate, Ranked, rank_replacements

# ---- reviewers' own pages (double-blind: no author identity ever leaves these) ----------------------------

REVIEW_FIELDS = (
    "id",
    "number",
    "title",
    "abstract",
    "topics",
    "status",
    "track__name",
    "track__kind",
    "edition_id",
    "openreview_id",
)


def reviewer_paper_list(*, reviewer, edition):
    """The papers assigned to this reviewer that they may see: no conflicts, no withdrawn papers."""
    return (
        Paper.objects.filter(edition=edition, assignments__reviewer=reviewer)
        .exclude(conflicts__reviewer=reviewer)
        .exclude(status__in=[Paper.Status.WITHDRAWN, Paper.Status.DESK_REJECTED])
        .select_related("track")
        .only(*REVIEW_FIELDS)
        .distinct()
        .order_by("number")
    )


# ---- organizers: conflicts, coverage, loads --------------------------------------------------------------


def open_conflict_list(*, edition):
    """Assigned reviewers who have a conflict with the paper they are assigned to."""
    assigned = Assignment.objects.filter(
        paper=OuterRef("paper"), reviewer=OuterRef("reviewer"), role=Assignment.Role.REVIEWER
    )
    return (
        Conflict.objects.filter(paper__edition=edition)
        .filter(Exists(assigned))
        .select_related("paper", "paper__track", "reviewer")
        .order_by("paper__number", "reviewer__full_name")
    )


def active_papers_with_counts(*, edition):

    return (
        Paper.objects.filter(edition=edition, status__in=[Paper.Status.SUBMITTED, Paper.Status.ACCEPTED])
        .select_related("track")
        .annotate(
            review_count=Count("reviews", distinct=True),
            assigned_count=Count("assignments", filter=Q(assignments__role=Assignment.Role.REVIEWER), distinct=True),
        )
        .order_by("track__kind", "number")
    )


def coverage_by_track(*, edition, minimum: int = REVIEWS_PER_PAPER) -> list[dict]:
    tracks: dict[str, dict] = {}
    for paper in active_papers_with_counts(edition=edition):
        row = tracks.setdefault(
            paper.track.kind, {"name": paper.track.name, "papers": 0, "covered": 0, "reviews": 0, "below": []}
        )
        row["papers"] += 1
        row["reviews"] += paper.review_count
        if paper.review_count >= minimum:
            row["covered"] += 1
        else:
            row["below"].append(paper)
    return list(tracks.values())


def late_review_list(*, edition, deadline):
    """Reviews that came in after the review deadline."""
    if deadline is None:
        return Review.objects.none()
    return (
        Review.objects.filter(paper__edition=edition, submitted_at__gt=deadline)
        .select_related("paper", "reviewer")
        .order_by("submitted_at")
    )


def overdue_assignment_list(*, edition, deadline, now):
    """Assigned reviewers of active papers with no review once the deadline has passed."""
    if deadline is None or now <= deadline:
        return Assignment.objects.none()
    reviewed = Review.objects.filter(paper=OuterRef("paper"), reviewer=OuterRef("reviewer"))
    return (
        Assignment.objects.filter(
            paper__edition=edition,
            role=Assignment.Role.REVIEWER,
            paper__status__in=[Paper.Status.SUBMITTED, Paper.Status.ACCEPTED],
        )
        .exclude(Exists(reviewed))
        .select_related("paper", "reviewer")
        .order_by("paper__number")
    )


def reviewer_loads(*, edition):
    """Every reviewer of the edition with their assignments, reviews and conflicts in it."""
    in_edition = Q(assignments__paper__edition=edition)
    return (
        User.objects.filter(roles__edition=edition, roles__kind=Role.Kind.REVIEWER)
        .annotate(
            assigned=Count("assignments", filter=in_edition & Q(assignments__role="reviewer"), distinct=True),
            reviewed=Count("reviews", filter=Q(reviews__paper__edition=edition), distinct=True),
            conflicted=Count("conflicts", filter=Q(conflicts__paper__edition=edition), distinct=True),
        )
        .order_by("-assigned", "full_name", "email")
    )


def reassignment_list(*, edition, limit: int = 20):

    return Reassignment.objects.filter(paper__edition=edition).select_related(
        "paper", "added_reviewer", "removed_reviewer", "performed_by"
    )[:limit]


def assigned_reviewer(*, paper, user_id):
    """The reviewer assigned to the paper with this user id, or None (also for a malformed id)."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    found = (
        Assignment.objects.filter(paper=paper, reviewer_id=user_id, role=Assignment.Role.REVIEWER)
        .select_related("reviewer")
        .first()
    )
    return found.reviewer if found else None


def under_covered_papers(*, edition, minimum: int = REVIEWS_PER_PAPER) -> list:
    return [p for p in active_papers_with_counts(edition=edition) if p.review_count < minimum]


# ---- organizers' exports: every row of the edition, joined once, in a stable order -----------------------


def review_list_for_export(*, edition):
    return (
        Review.objects.filter(paper__edition=edition)
        .select_related("paper", "paper__track", "reviewer")
        .order_by("paper__number", "number", "pk")
    )


def assignment_list_for_export(*, edition):
    reviewed = Review.objects.filter(paper=OuterRef("paper"), reviewer=OuterRef("reviewer"))
    conflicted = Conflict.objects.filter(paper=OuterRef("paper"), reviewer=OuterRef("reviewer"))
    return (
        Assignment.objects.filter(paper__edition=edition)
        .select_related("paper", "reviewer", "assigned_by")
        .annotate(has_review=Exists(reviewed), has_conflict=Exists(conflicted))
        .order_by("paper__number", "role", "reviewer__email")
    )


def conflict_list_for_export(*, edition):
    assigned = Assignment.objects.filter(
        paper=OuterRef("paper"), reviewer=OuterRef("reviewer"), role=Assignment.Role.REVIEWER
    )
    return (
        Conflict.objects.filter(paper__edition=edition)
        .select_related("paper", "reviewer")
        .annotate(is_assigned=Exists(assigned))
        .order_by("paper__number", "reviewer__email")
    )


def missing_review_assignments(*, edition):
    """Assigned reviewers of active papers who have not reviewed them and have no conflict with them."""
    reviewed = Review.objects.filter(paper=OuterRef("paper"), reviewer=OuterRef("reviewer"))
    conflicted = Conflict.objects.filter(paper=OuterRef("paper"), reviewer=OuterRef("reviewer"))
    return (
        Assignment.objects.filter(
            paper__edition=edition,
            role=Assignment.Role.REVIEWER,
            paper__status__in=[Paper.Status.SUBMITTED, Paper.Status.ACCEPTED],
        )
        .exclude(Exists(reviewed))
        .exclude(Exists(conflicted))
        .select_related("paper", "reviewer")
        .order_by("paper__number", "reviewer__email")
    )


# ---- reassignment: who may replace whom, and the writes to OpenReview under way ---------------------------


def _paper_text(paper: Paper) -> str:
    return " ".join([paper.title, paper.abstract, *paper.topics])


def replacement_candidates(*, paper: Paper) -> list[Candidate]:
    """Every reviewer of the edition, with their load, their texts and why they may not take this paper."""
    edition = paper.edition
    reviewers = list(
        User.objects.filter(roles__edition=edition, roles__kind=Role.Kind.REVIEWER).order_by("pk").distinct()
    )
    assignments = list(
        Assignment.objects.filter(
            paper__edition=edition, role=Assignment.Role.REVIEWER, reviewer__in=reviewers
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


def reassignment_write_get(*, write_id: int, edition=None) -> ReassignmentWrite | None:
    """One write with its paper and people; within one edition when `workshop` is given."""
    found = ReassignmentWrite.objects.select_related("paper", "paper__edition", "remove_reviewer", "requested_by")
    if edition is not None:
        found = found.filter(paper__edition=edition)
    return found.filter(pk=write_id).first()


def reassignment_write_list(*, edition, limit: int = 10):
    """The edition's writes to OpenReview that are under way or failed, newest first."""
    return (
        ReassignmentWrite.objects.filter(paper__edition=edition)
        .exclude(status=ReassignmentWrite.Status.SUCCEEDED)
        .select_related("paper", "requested_by")[:limit]
    )


def assignment_get(*, paper, reviewer_id: int) -> Assignment | None:
    return (
        Assignment.objects.filter(paper=paper, reviewer_id=reviewer_id, role=Assignment.Role.REVIEWER)
        .select_related("reviewer")
        .first()
    )


def conflict_get(*, conflict_id: int) -> Conflict | None:
    return Conflict.objects.select_related("paper", "paper__edition", "reviewer").filter(pk=conflict_id).first()


def conflict_or_authorship(user: User) -> Q:
    """Papers this person may not judge: a recorded conflict, or their own paper.

    Authorship is a conflict whether declared or not: an author is linked by account, by the email the
    paper lists, or as the person who submitted it."""
    found = Q(conflicts__reviewer=user) | Q(authorships__user=user) | Q(submitted_by=user)
    if user.email:
        found |= Q(authorships__email__iexact=user.email)
    return found


def area_chair_paper_ids(*, user: User, edition) -> set[int]:
    """The papers of the edition this area chair is assigned to chair, less any they have a conflict with
    or wrote: the decisions page and its API show an area chair these rows and no others."""
    conflicted = Paper.objects.filter(conflict_or_authorship(user), edition=edition).values("pk")
    return set(
        Assignment.objects.filter(paper__edition=edition, reviewer=user, role=Assignment.Role.AREA_CHAIR)
        .exclude(paper__in=conflicted)
        .values_list("paper_id", flat=True)
    )
