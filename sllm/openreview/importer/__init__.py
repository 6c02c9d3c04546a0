"""Writes a Snapshot into the database: upsert by OpenReview id, write only what changed, count it.

Called inside the sync's one transaction. A sync costs a few dozen queries per chunk of up to 1,000
submissions (rows.py says how), and a second sync with no change on OpenReview writes no row at all.

The import is a list of steps, module-level functions run in order on one ImportContext (context.py):
people first (accounts the later rows point to), then, chunk by chunk (fetch.py reads the venue into
chunks), papers (which fix the papers this chunk processed) and each family of rows of those papers;
last, the papers no longer on OpenReview.
"""

from ..models import VenueLink
from .context import ImportContext, WriteCounts
from .edges import import_assignments, import_conflicts
from .forum import import_decisions, import_meta_reviews, import_reviews
from .papers import import_authorships, import_papers, import_submission_records, import_vanished
from .people import import_users
from .rows import changed, datetime_from_ms
from .verdicts import VerdictInput, import_verdicts, read_verdicts, verdicts_apply


def import_venue_link(ctx: ImportContext) -> None:
    """The venue group's content and the review due date, on the edition's VenueLink."""
    values = {"venue_content": ctx.snapshot.venue}
    if ctx.snapshot.review_deadline_ms:
        values["review_deadline"] = datetime_from_ms(ctx.snapshot.review_deadline_ms)
    if changed(ctx.link, values):
        ctx.link.save(update_fields=[*values, "updated_at"])
        ctx.counts.add("venue", "updated")


__all__ = ["ImportContext", "VerdictInput", "WriteCounts", "venue_import", "verdicts_apply"]

VENUE_STEPS = (import_venue_link, import_users)
CHUNK_STEPS = (
    read_verdicts,
    import_papers,
    import_submission_records,
    import_authorships,
    import_reviews,
    import_meta_reviews,
    import_decisions,
    import_verdicts,
    import_assignments,
    import_conflicts,
)


def venue_import(*, edition, link: VenueLink, read) -> WriteCounts:
    """One sync's writes from its reads (a fetch.VenueRead); its warnings list gets the steps' warnings too."""
    ctx = ImportContext(edition=edition, link=link, snapshot=read.snapshot)
    for step in VENUE_STEPS:
        step(ctx)
    for chunk in read.chunks():
        ctx.start_chunk(chunk)
        for step in CHUNK_STEPS:
            step(ctx)
    import_vanished(ctx, read.note_ids)
    return ctx.counts
