"""Writes a Snapshot into the database: upsert by OpenReview id, write only what changed, count it.

Called inside the sync's one transaction. A full sync costs a few dozen queries whatever the venue's
size (rows.py says how), and a second sync with no change on OpenReview writes no row at all.
"""

from ..mapping import Snapshot
from ..models import VenueLink
from .edges import EdgeRows
from .forum import ForumRows
from .rows import WriteCounts, datetime_from_ms


def _changed(obj, values: dict) -> bool:
    """Sets the values that differ; True when any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


class Importer(ForumRows, EdgeRows):
    """One sync's writes, one module per family of rows: people, papers, forum, edges."""

    def __init__(self, *, workshop, link: VenueLink, snapshot: Snapshot):
        super().__init__(workshop=workshop)
        self.link = link
        self.snapshot = snapshot
        self.warnings = snapshot.warnings
        self.users: dict[str, int] = {}  # profile id -> user pk
        self.papers: dict[str, int] = {}  # note id -> paper pk, for the papers this run processed
        self.numbers: dict[int, int] = {}  # paper pk -> its number, for warnings

    def run(self) -> WriteCounts:
        self._venue_link()
        self._users()
        self._papers()
        self._submission_records()
        self._authorships()
        self._reviews()
        self._meta_reviews()
        self._decisions()
        self._assignments()
        self._conflicts()
        return self.counts

    # ---- the edition ---------------------------------------------------------------------------------

    def _venue_link(self) -> None:
        values = {"venue_content": self.snapshot.venue}
        if self.snapshot.review_deadline_ms:
            values["review_deadline"] = datetime_from_ms(self.snapshot.review_deadline_ms)
        if _changed(self.link, values):
            self.link.save(update_fields=[*values, "updated_at"])
            self.counts.add("venue", "updated")
