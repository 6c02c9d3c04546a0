"""Reads for the decisions page: every paper with its reviews, meta-review, nominations and eligibility."""

from statistics import mean

from django.db.models import BooleanField, Case, CharField, Exists, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from sllm.reviewing.models import DecisionEvent, MetaReview, Review, StudentEligibilityCorrection
from sllm.submissions.models import Authorship, Paper

SORTS = {
    "number": lambda row: row["number"],
    "title": lambda row: row["title"].lower(),
    "track": lambda row: row["track"],
    "status": lambda row: (row["status"], row["presentation"]),
    "rating": lambda row: row["mean_rating"],
    "confidence": lambda row: row["mean_confidence"],
    "nominations": lambda row: row["nominations"],
}


def annotate_student_eligibility(queryset):
    """Papers with `student_eligible` and `student_source`, in the same query: eligible is a paper with any
    student author, read from OpenReview's student field for papers that came from there and from the
    authors' declaration otherwise; an organizer's latest correction overrides both."""
    latest = StudentEligibilityCorrection.objects.filter(paper=OuterRef("pk")).order_by("-created_at", "-pk")
    declared = Exists(Authorship.objects.filter(paper=OuterRef("pk"), is_student=True))
    from_openreview = Q(openreview_id__isnull=False)
    by_rule = Case(
        When(from_openreview, then=Coalesce("openreview_record__student_paper", Value(False))),
        default=declared,
        output_field=BooleanField(),
    )
    corrected = Subquery(latest.values("eligible")[:1], output_field=BooleanField())
    return queryset.annotate(
        student_corrected=corrected,
        student_eligible=Coalesce(corrected, by_rule),
        student_source=Case(
            When(student_corrected__isnull=False, then=Value("organizer")),
            When(from_openreview, then=Value("openreview")),
            default=Value("authors"),
            output_field=CharField(),
        ),
    )


def _papers(*, edition, paper_ids=None):
    papers = Paper.objects.filter(edition=edition)
    if paper_ids is not None:
        papers = papers.filter(pk__in=paper_ids)
    return (
        annotate_student_eligibility(papers)
        .select_related("track", "decision")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.order_by("number", "pk")),
            Prefetch("meta_reviews", queryset=MetaReview.objects.order_by("pk")),
        )
        .order_by("number")
    )


def _mean(values: list[int]) -> float | None:
    return round(mean(values), 2) if values else None


def decision_rows(*, edition, sort: str = "number", descending: bool = False, paper_ids=None) -> list[dict]:
    """One row per paper of the edition (or of those of `paper_ids`: an area chair's), in a fixed number of
    queries whatever their count."""
    papers = list(_papers(edition=edition, paper_ids=paper_ids))
    rows = []
    for paper in papers:
        reviews = list(paper.reviews.all())
        ratings = [r.rating for r in reviews if r.rating is not None]
        confidences = [r.confidence for r in reviews if r.confidence is not None]
        decision = getattr(paper, "decision", None)
        rows.append(
            {
                "paper": paper,
                "number": paper.number,
                "title": paper.title,
                "track": paper.track.name,
                "source": "OpenReview" if paper.openreview_id else "Local",
                "status": paper.status,
                "status_label": paper.get_status_display(),
                "presentation": paper.presentation,
                "presentation_label": paper.get_presentation_display() if paper.presentation else "",
                "ratings": ratings,
                "confidences": confidences,
                "mean_rating": _mean(ratings),
                "mean_confidence": _mean(confidences),
                "meta_review": "; ".join(m.recommendation for m in paper.meta_reviews.all() if m.recommendation),
                "openreview_decision": decision.decision if decision else "",
                "nominations": sum(1 for r in reviews if r.nominate_for_oral),
                "student_eligible": paper.student_eligible,
                "student_source": paper.student_source,
            }
        )
    key = SORTS.get(sort, SORTS["number"])
    # Papers without ratings come last whichever way round; ties keep paper order.
    known = sorted((r for r in rows if key(r) is not None), key=lambda r: (key(r), r["number"]), reverse=descending)
    return known + [r for r in rows if key(r) is None]


def decision_row(*, paper) -> dict:
    return decision_rows(edition=paper.edition, paper_ids=[paper.pk])[0]


CSV_COLUMNS = (
    "number",
    "title",
    "track",
    "source",
    "status",
    "presentation",
    "ratings",
    "mean_rating",
    "confidences",
    "mean_confidence",
    "meta_review",
    "openreview_decision",
    "nominations",
    "student_eligible",
)


def decision_csv_rows(*, edition, sort: str = "number", descending: bool = False) -> list[list]:
    """The decisions page as CSV rows, header first; lists are joined with spaces."""
    out = [list(CSV_COLUMNS)]
    for row in decision_rows(edition=edition, sort=sort, descending=descending):
        values = []
        for column in CSV_COLUMNS:
            value = row[column]
            if isinstance(value, list):
                value = " ".join(str(v) for v in value)
            elif value is None:
                value = ""
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            values.append(value)
        out.append(values)
    return out


def decision_events(*, paper):
    return DecisionEvent.objects.filter(paper=paper).select_related("actor").order_by("created_at", "pk")


def eligibility_corrections(*, paper):
    return StudentEligibilityCorrection.objects.filter(paper=paper).select_related("actor").order_by("created_at", "pk")


def accepted_without_presentation(*, edition) -> list[dict]:
    return list(
        Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED, presentation=Paper.Presentation.NONE)
        .order_by("number")
        .values("number", "title")
    )
