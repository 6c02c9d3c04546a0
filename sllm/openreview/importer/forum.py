"""The importer's forum: reviews, meta-reviews and decisions."""

from sllm.reviewing.models import Decision, MetaReview, Review

from .context import ImportContext
from .rows import datetime_from_ms, existing_rows, fit, upsert_rows, write_rows

TAKEN = "taken"  # a (paper, reviewer) pair that a review of this sync has claimed
REVIEW_FIELDS = (
    "paper_id",
    "reviewer_id",
    "openreview_id",
    "rating",
    "confidence",
    "nominate_for_oral",
    "edited",
    "number",
    "submitted_at",
    "openreview_tmdate",
)
META_REVIEW_FIELDS = ("paper_id", "area_chair_id", "recommendation", "confidence")
DECISION_FIELDS = ("openreview_id", "decision")


def import_reviews(ctx: ImportContext) -> None:
    """The reviews of the processed papers (ctx.processed), by note id, else by (paper, reviewer): a local
    review without an OpenReview id is linked to the first note of its pair. Reads ctx.papers, ctx.users."""
    rows = Review.objects.filter(paper_id__in=ctx.processed).values_list("pk", *REVIEW_FIELDS)
    existing = {row[0]: dict(zip(REVIEW_FIELDS, row[1:], strict=True)) for row in rows}
    by_id = {v["openreview_id"]: pk for pk, v in existing.items() if v["openreview_id"]}
    by_pair = {(v["paper_id"], v["reviewer_id"]): pk for pk, v in existing.items()}
    wanted_ids = {r.note_id for r in ctx.snapshot.reviews}
    stale = [pk for note_id, pk in by_id.items() if note_id not in wanted_ids]
    for pk in stale:
        by_pair.pop((existing[pk]["paper_id"], existing[pk]["reviewer_id"]), None)
    create, update = [], []
    for data in ctx.snapshot.reviews:
        paper_id, user_id = ctx.papers.get(data.paper_note_id), ctx.users.get(data.reviewer)
        if paper_id is None or user_id is None:
            continue
        values = {
            "paper_id": paper_id,
            "reviewer_id": user_id,
            "openreview_id": data.note_id,
            "rating": data.rating,
            "confidence": data.confidence,
            "nominate_for_oral": data.nominate_for_oral,
            "edited": data.edited,
            "number": data.number,
            "submitted_at": datetime_from_ms(data.created_ms),
            "openreview_tmdate": data.modified_ms,
        }
        pk = by_id.get(data.note_id)
        pair = by_pair.get((paper_id, user_id))
        if pk is None and pair is not None and (pair == TAKEN or existing[pair]["openreview_id"]):
            ctx.warnings.append(
                f"Paper {ctx.numbers[paper_id]}: {data.reviewer} wrote two reviews; {data.note_id} skipped."
            )
            continue
        pk = pk or pair
        # A local review without an OpenReview id is linked to the first note of its pair, once.
        by_pair[(paper_id, user_id)] = TAKEN
        if pk is None:
            create.append(Review(**values))
        elif existing[pk] != values:
            update.append(Review(pk=pk, **values))
    write_rows(ctx, "reviews", Review, create=create, update=update, fields=REVIEW_FIELDS, delete=stale)


def import_meta_reviews(ctx: ImportContext) -> None:
    """The meta-reviews of the processed papers, by note id."""
    existing = existing_rows(ctx, MetaReview, "openreview_id", META_REVIEW_FIELDS)
    wanted = {}
    for data in ctx.snapshot.meta_reviews:
        if data.paper_note_id in ctx.papers:
            wanted[data.note_id] = {
                "paper_id": ctx.papers[data.paper_note_id],
                "area_chair_id": ctx.users.get(data.area_chair) if data.area_chair else None,
                "recommendation": fit(MetaReview, "recommendation", data.recommendation),
                "confidence": data.confidence,
            }
    upsert_rows(
        ctx,
        "meta_reviews",
        MetaReview,
        existing=existing,
        wanted=wanted,
        fields=META_REVIEW_FIELDS,
        make=lambda note_id, values: MetaReview(openreview_id=note_id, **values),
    )


def import_decisions(ctx: ImportContext) -> None:
    """One decision per processed paper; with several decision notes the last one counts (and a warning)."""
    existing = existing_rows(ctx, Decision, "paper_id", DECISION_FIELDS)
    wanted: dict[int, dict] = {}
    for data in ctx.snapshot.decisions:
        paper_id = ctx.papers.get(data.paper_note_id)
        if paper_id is None:
            continue
        if paper_id in wanted:
            ctx.warnings.append(f"Paper {ctx.numbers[paper_id]}: more than one decision note; the last one counts.")
        wanted[paper_id] = {"openreview_id": data.note_id, "decision": fit(Decision, "decision", data.decision)}
    upsert_rows(
        ctx,
        "decisions",
        Decision,
        existing=existing,
        wanted=wanted,
        fields=DECISION_FIELDS,
        make=lambda paper_id, values: Decision(paper_id=paper_id, **values),
    )
