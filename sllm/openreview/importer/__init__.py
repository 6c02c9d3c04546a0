"""Writes a Snapshot into the database: upsert by OpenReview id, write only what changed, count it.

Called inside the sync's one transaction. A full sync costs a few dozen queries whatever the venue's
size (rows.py says how), and a second sync with no change on OpenReview writes no row at all.

The import is a list of steps, module-level functions run in order on one ImportContext (context.py):
people first (accounts the later rows point to), then papers (which fix the papers this run processed),
then each family of rows of those papers.
"""

from ..mapping import Snapshot
from ..models import VenueLink
from .context import ImportContext, WriteCounts
from .edges import import_assignments, import_conflicts
from .forum import import_decisions, import_meta_reviews, import_reviews
from .papers import import_authorships, import_papers, import_submission_records
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


__all__ = ["ImportContext", "VerdictInput", "WriteCounts", "snapshot_import", "verdicts_apply"]

STEPS = (
    import_venue_link,
    import_users,
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


def snapshot_import(*, edition, link: VenueLink, snapshot: Snapshot) -> WriteCounts:
    """One sync's writes; the snapshot's warnings list gets the steps' warnings too."""
    ctx = ImportContext(edition=edition, link=link, snapshot=snapshot)
    for step in STEPS:
        step(ctx)
    return ctx.counts
