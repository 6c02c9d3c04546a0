"""The importer's forum: reviews, meta-reviews and decisions."""

from sllm.reviewing.models import Decision, MetaReview, Review

from .context import ImportContext
from .rows import among, datetime_from_ms, existing_rows, fit, upsert_rows, write_rows

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
    rows = Review.objects.filter(among("paper_id", ctx.processed)).values_list("pk", *REVIEW_FIELDS)
    existing = {row[0]: row[1:] for row in rows}  # pk -> values of REVIEW_FIELDS
    by_id = {v[2]: pk for pk, v in existing.items() if v[2]}  # by openreview_id
    by_pair = {(v[0], v[1]): pk for pk, v in existing.items()}  # by (paper_id, reviewer_id)
    wanted_ids = {r.note_id for r in ctx.snapshot.reviews}
    stale = [pk for note_id, pk in by_id.items() if note_id not in wanted_ids]
    for pk in stale:
        by_pair.pop(existing[pk][:2], None)
    create, update = [], []
    for data in ctx.snapshot.reviews:
        paper_id, user_id = ctx.papers.get(data.paper_note_id), ctx.users.get(data.reviewer)
        if paper_id is None or user_id is None:
            continue
        values = (
            paper_id,
            user_id,
            data.note_id,
            data.rating,
            data.confidence,
            data.nominate_for_oral,
            data.edited,
            data.number,
            datetime_from_ms(data.created_ms),
            data.modified_ms,
        )
        pk = by_id.get(data.note_id)
        pair = by_pair.get((paper_id, user_id))
        if pk is None and pair is not None and (pair == TAKEN or existing[pair][2]):
            ctx.warnings.append(
                f"Paper {ctx.numbers[paper_id]}: {data.reviewer} wrote two reviews; {data.note_id} skipped."
            )
            continue
        pk = pk or pair
        # A local review without an OpenReview id is linked to the first note of its pair, once.
        by_pair[(paper_id, user_id)] = TAKEN
        if pk is None:
            create.append(values)
        elif existing[pk] != values:
            update.append((pk, values))
    write_rows(
        ctx,
        "reviews",
        Review,
        columns=REVIEW_FIELDS,
        create=create,
        fields=REVIEW_FIELDS,
        update=update,
        delete=stale,
    )


def import_meta_reviews(ctx: ImportContext) -> None:
    """The meta-reviews of the processed papers, by note id."""
    existing = existing_rows(ctx, MetaReview, "openreview_id", META_REVIEW_FIELDS)
    wanted = {}
    for data in ctx.snapshot.meta_reviews:
        if data.paper_note_id in ctx.papers:
            wanted[data.note_id] = (
                ctx.papers[data.paper_note_id],
                ctx.users.get(data.area_chair) if data.area_chair else None,
                fit(MetaReview, "recommendation", data.recommendation),
                data.confidence,
            )
    upsert_rows(
        ctx,
        "meta_reviews",
        MetaReview,
        key="openreview_id",
        existing=existing,
        wanted=wanted,
        fields=META_REVIEW_FIELDS,
    )


def import_decisions(ctx: ImportContext) -> None:
    """One decision per processed paper; with several decision notes the last one counts (and a warning)."""
    existing = existing_rows(ctx, Decision, "paper_id", DECISION_FIELDS)
    wanted: dict[int, tuple] = {}
    for data in ctx.snapshot.decisions:
        paper_id = ctx.papers.get(data.paper_note_id)
        if paper_id is None:
            continue
        if paper_id in wanted:
            ctx.warnings.append(f"Paper {ctx.numbers[paper_id]}: more than one decision note; the last one counts.")
        wanted[paper_id] = (data.note_id, fit(Decision, "decision", data.decision))
    upsert_rows(
        ctx,
        "decisions",
        Decision,
        key="paper_id",
        existing=existing,
        wanted=wanted,
        fields=DECISION_FIELDS,
    )
