"""The review state of an edition as plain data: what `manage.py export_reviews` prints.

Papers are those imported from OpenReview (they have a note id, which keys every map). A nomination
from a reviewer with a conflict on that paper is flagged and never counted.
"""

from collections import defaultdict

from sllm.accounts.models import Role, User
from sllm.submissions.models import Paper

from .models import REVIEWS_PER_PAPER, Assignment, Conflict, Decision, Review

NOMINATION_FROM_CONFLICTED = "nomination_from_conflicted_reviewer"


def review_state(*, edition) -> dict:
    papers = list(
        Paper.objects.filter(edition=edition, openreview_id__isnull=False)
        .select_related("track", "openreview_record")
        .order_by("number")
    )
    paper_ids = [p.pk for p in papers]
    reviews = list(Review.objects.filter(paper_id__in=paper_ids).select_related("reviewer"))
    assignments = list(
        Assignment.objects.filter(paper_id__in=paper_ids, role=Assignment.Role.REVIEWER).select_related("reviewer")
    )
    conflicts = list(Conflict.objects.filter(paper_id__in=paper_ids).select_related("reviewer", "paper"))
    decisions = dict(Decision.objects.filter(paper_id__in=paper_ids).values_list("paper_id", "decision"))

    def pid(user: User) -> str:
        return user.openreview_id or user.email

    conflicted: dict[int, set[str]] = defaultdict(set)
    for conflict in conflicts:
        conflicted[conflict.paper_id].add(pid(conflict.reviewer))
    assigned: dict[int, set[str]] = defaultdict(set)
    for assignment in assignments:
        assigned[assignment.paper_id].add(pid(assignment.reviewer))
    by_paper: dict[int, list[Review]] = defaultdict(list)
    for review in reviews:
        by_paper[review.paper_id].append(review)

    out_papers, nominations, flags, below = [], {}, [], []
    for paper in papers:
        record = getattr(paper, "openreview_record", None)
        paper_reviews = sorted(
            by_paper[paper.pk], key=lambda r: (r.number is None, r.number or 0, r.openreview_id or "")
        )
        nominated_by = []
        for review in paper_reviews:
            if not review.nominate_for_oral:
                continue
            if pid(review.reviewer) in conflicted[paper.pk]:
                flags.append(
                    {
                        "paper": paper.openreview_id,
                        "reviewer": pid(review.reviewer),
                        "flag": NOMINATION_FROM_CONFLICTED,
                    }
                )
            else:
                nominated_by.append(pid(review.reviewer))
        if nominated_by:
            nominations[paper.openreview_id] = sorted(nominated_by)
        if paper.is_active and len(paper_reviews) < REVIEWS_PER_PAPER:
            below.append(paper.openreview_id)
        out_papers.append(
            {
                "number": paper.number,
                "id": paper.openreview_id,
                "track": record.track_value if record else (paper.track.openreview_value or paper.track.name),
                "title": paper.title,
                "authorids": list(record.authorids) if record else [],
                "student_paper": bool(record and record.student_paper),
                "status": paper.status,
                "decision": decisions.get(paper.pk),
                "assigned_reviewers": sorted(assigned[paper.pk]),
                "reviews": [
                    {
                        "note_id": review.openreview_id,
                        "reviewer": pid(review.reviewer),
                        "rating": review.rating,
                        "confidence": review.confidence,
                        "nominate_for_oral": review.nominate_for_oral,
                        "edited": review.edited,
                    }
                    for review in paper_reviews
                ],
                "open_conflicts": sorted(assigned[paper.pk] & conflicted[paper.pk]),
            }
        )

    active_nominated = {p.openreview_id: p.pk for p in papers if p.is_active and p.openreview_id in nominations}
    reviewers = sorted(
        set(
            User.objects.filter(
                roles__edition=edition, roles__kind=Role.Kind.REVIEWER, openreview_id__isnull=False
            ).values_list("openreview_id", flat=True)
        )
    )
    ballots = {
        reviewer: sorted(
            note_id for note_id, paper_pk in active_nominated.items() if reviewer not in conflicted[paper_pk]
        )
        for reviewer in reviewers
    }
    return {
        "venue_id": edition.openreview_venue_id,
        "papers": out_papers,
        "reviewer_conflicts": sorted(
            ({"paper": c.paper.openreview_id, "reviewer": pid(c.reviewer), "label": c.label} for c in conflicts),
            key=lambda c: (c["paper"], c["reviewer"]),
        ),
        "nominations": dict(sorted(nominations.items())),
        "oral_ballot_candidates": ballots,
        "flags": sorted(flags, key=lambda f: (f["paper"], f["reviewer"], f["flag"])),
        "coverage_below_3_reviews": sorted(below),
    }
