"""A sync's reads: everything the venue holds, read before anything is written, in memory that does not
grow with the venue.

The venue-wide facts (committees, anonymous groups, people, profiles) stay in memory; the submissions
are mapped one page of notes at a time (mapping/), and each page's papers, forum rows and edges go to a
spool file as one chunk, which the import (importer/) then reads back one chunk at a time. A request
that fails leaves no row written: the spool is a temporary file that dies with the run.
"""

import pickle
import tempfile
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .client import OpenReviewGateway
from .mapping import (
    Snapshot,
    SyncOptions,
    VenueKeys,
    anonymous_members,
    edges_of,
    paper_from_note,
    replies_of,
    venue_keys,
)

SPILL_EDGES = 5000  # edges held before they go to the spool: a venue's edges run to tens of thousands
# The fields of an edge the sync reads (mapping.edges_of): OpenReview sends only these, a fraction of each edge.
EDGE_SELECT = "id,head,tail,label,ddate"


@dataclass
class VenueRead:
    """The venue-wide Snapshot (no papers in it) and the spool of chunks, one per page of submissions."""

    snapshot: Snapshot
    spool: typing.IO[bytes] | None = None
    # chunk index -> file offsets of its pickled parts (its papers and forum rows first, then its edges)
    parts: list[list[int]] = field(default_factory=list)
    note_ids: set[str] = field(default_factory=set)  # every submission mapped, for papers gone from OpenReview

    def chunks(self) -> Iterator[Snapshot]:
        """Each chunk as a Snapshot of its own, sharing the venue-wide fields and the warnings list."""
        venue = self.snapshot
        for offsets in self.parts:
            chunk = Snapshot(
                venue_id=venue.venue_id,
                venue=venue.venue,
                reviewers=venue.reviewers,
                area_chairs=venue.area_chairs,
                profiles=venue.profiles,
                review_deadline_ms=venue.review_deadline_ms,
                warnings=venue.warnings,
            )
            for offset in offsets:
                self.spool.seek(offset)
                for name, rows in pickle.load(self.spool).items():
                    getattr(chunk, name).extend(rows)
            yield chunk

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()

    def _spill(self, by_chunk: dict[int, list], name: str) -> None:
        """Writes the edges held so far to their chunks, and lets them go."""
        for chunk, rows in sorted(by_chunk.items()):
            self._write(chunk, {name: rows})
        by_chunk.clear()

    def _write(self, chunk: int, part: dict) -> None:
        self.spool.seek(0, 2)
        self.parts[chunk].append(self.spool.tell())
        pickle.dump(part, self.spool, protocol=pickle.HIGHEST_PROTOCOL)


def _page_chunk(read: VenueRead, page: Iterable[dict], keys: VenueKeys, options: SyncOptions, anon, numbers) -> dict:
    """One page of submission notes as a chunk's papers and forum rows.

    Each note is mapped as it is decoded and then let go, only what the chunk keeps of it staying; the
    mapped notes are then taken in the order of their numbers (of two with one number, the first by id
    counts), with the warnings each gave, as if the page had been sorted before it was mapped."""
    mapped = []
    for note in page:
        if note.get("ddate"):
            continue
        warnings: list[str] = []
        paper = paper_from_note(note, keys, options, warnings)
        replies = None
        if paper is not None:
            replies = Snapshot(venue_id=keys.venue_id, venue={})
            replies_of(note, paper, keys, options, anon, replies)
        mapped.append(((note.get("number") or 0, note.get("id") or ""), warnings, paper, replies))
    chunk = Snapshot(venue_id=keys.venue_id, venue={}, warnings=read.snapshot.warnings)
    for _, warnings, paper, replies in sorted(mapped, key=lambda item: item[0]):
        chunk.warnings.extend(warnings)
        if paper is None:
            continue
        if paper.number in numbers:
            chunk.warnings.append(
                f"Submission {paper.number} ({paper.note_id}): the number is taken by another submission; skipped."
            )
            continue
        numbers.add(paper.number)
        chunk.papers.append(paper)
        chunk.reviews.extend(replies.reviews)
        chunk.meta_reviews.extend(replies.meta_reviews)
        chunk.decisions.extend(replies.decisions)
        chunk.warnings.extend(replies.warnings)
    return {
        "papers": chunk.papers,
        "reviews": chunk.reviews,
        "meta_reviews": chunk.meta_reviews,
        "decisions": chunk.decisions,
    }


def venue_read(
    gateway: OpenReviewGateway, *, venue_id: str, options: SyncOptions, progress: Callable[[str], None]
) -> VenueRead:
    """Reads the venue in a fixed number of requests (openreview-api.md §9); the caller closes the result."""
    progress("venue")
    venue = gateway.group(venue_id)
    keys = venue_keys(venue_id, venue["content"])
    read = VenueRead(snapshot=Snapshot(venue_id=venue_id, venue=venue["content"]))
    snapshot = read.snapshot
    progress("groups")
    groups = gateway.group_members(prefix=f"{venue_id}/Submission")
    anon = anonymous_members({"id": group_id, "members": members} for group_id, members in groups)
    for group_id, target in ((keys.reviewers_id, snapshot.reviewers), (keys.area_chairs_id, snapshot.area_chairs)):
        group = gateway.group(group_id, required=False)
        if group:
            target.update(m for m in group.get("members", []) if m.startswith("~"))
    review_invitation = gateway.invitation(f"{venue_id}/-/{keys.review_name}")
    snapshot.review_deadline_ms = (review_invitation or {}).get("duedate")
    progress("submissions")
    read.spool = tempfile.TemporaryFile()
    chunk_of: dict[str, int] = {}
    numbers: set[int] = set()
    for page in gateway.note_pages(invitation=keys.submission_id, domain=venue_id):
        part = _page_chunk(read, page, keys, options, anon, numbers)
        read.note_ids.update(p.note_id for p in part["papers"])
        if not part["papers"]:
            continue
        read.parts.append([])
        chunk_of.update((p.note_id, len(read.parts) - 1) for p in part["papers"])
        snapshot.reviewers.update(r.reviewer for r in part["reviews"])
        snapshot.people_seen.update(m.area_chair for m in part["meta_reviews"] if m.area_chair)
        read._write(len(read.parts) - 1, part)
    progress("edges")
    for invitation, role, kind, name in (
        (keys.reviewers_assignment_id, "reviewer", "assignment", "assignments"),
        (keys.area_chairs_assignment_id, "area_chair", "assignment", "assignments"),
        (keys.reviewers_conflict_id, "reviewer", "conflict", "conflicts"),
        (keys.area_chairs_conflict_id, "area_chair", "conflict", "conflicts"),
    ):
        by_chunk: dict[int, list] = {}
        held = 0
        edges = gateway.each_edge(invitation=invitation, select=EDGE_SELECT)
        for edge in edges_of(edges, role=role, kind=kind, papers=chunk_of, snapshot=snapshot):
            by_chunk.setdefault(chunk_of[edge.paper_note_id], []).append(edge)
            snapshot.people_seen.add(edge.profile_id)
            if role == "reviewer" and kind == "assignment":
                snapshot.reviewers.add(edge.profile_id)
            held += 1
            if held >= SPILL_EDGES:
                read._spill(by_chunk, name)
                held = 0
        read._spill(by_chunk, name)
    progress("profiles")
    snapshot.profiles = {p["id"]: p for p in gateway.profiles(sorted(snapshot.people()))}
    return read
