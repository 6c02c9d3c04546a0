"""The one object every import step reads and fills: what the sync fetched, and what earlier steps found.

Steps are module-level functions `step(ctx)` run in the order of `importer.STEPS`; each one's docstring
says which fields of the context it reads and which it fills, so a step file can be read on its own.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from sllm.workshops.models import Edition

from ..mapping import Snapshot
from ..models import VenueLink


class WriteCounts:
    """Rows created, updated and deleted per kind of row: the SyncRun's counts."""

    def __init__(self):
        self.by_kind: dict[str, dict[str, int]] = defaultdict(lambda: {"created": 0, "updated": 0, "deleted": 0})

    def add(self, kind: str, action: str, n: int = 1) -> None:
        if n:
            self.by_kind[kind][action] += n

    @property
    def total(self) -> int:
        return sum(sum(actions.values()) for actions in self.by_kind.values())

    def as_dict(self) -> dict:
        return {kind: dict(actions) for kind, actions in sorted(self.by_kind.items())}


@dataclass
class ImportContext:
    edition: Edition  # the edition the venue is imported into
    link: VenueLink
    snapshot: Snapshot  # the venue's, then each chunk's in turn (start_chunk)
    counts: WriteCounts = field(default_factory=WriteCounts)
    # One timestamp for every row this sync updates.
    now: dt.datetime = field(default_factory=timezone.now)
    # Filled by people.import_users: OpenReview profile id -> user pk.
    users: dict[str, int] = field(default_factory=dict)
    # Filled by papers.import_papers: note id -> paper pk, for the papers this run processed ...
    papers: dict[str, int] = field(default_factory=dict)
    # ... paper pk -> its number (for warnings), and the processed papers' pks (rows of others stay alone).
    numbers: dict[int, int] = field(default_factory=dict)
    processed: set[int] = field(default_factory=set)
    # Filled by verdicts.read_verdicts: note id -> OpenReview's verdict on the paper (a verdicts.VerdictInput).
    verdicts: dict = field(default_factory=dict)
    # Filled by papers.import_papers: the pks of the papers this run created (they got their verdict then).
    created: set[int] = field(default_factory=set)

    def start_chunk(self, snapshot: Snapshot) -> None:
        """The next chunk of submissions: what the per-paper steps found for the previous one is dropped."""
        self.snapshot = snapshot
        self.papers, self.numbers, self.processed, self.verdicts, self.created = {}, {}, set(), {}, set()

    @property
    def warnings(self) -> list[str]:
        """The run's warnings: the snapshot's own, then each step's, in one list the SyncRun keeps."""
        return self.snapshot.warnings
