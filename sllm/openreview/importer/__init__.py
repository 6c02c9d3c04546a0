"""Writes a Snapshot into the database: upsert by OpenReview id, write only what changed, count it.

Called inside the sync's one transaction. A full sync costs a few dozen queries whatever the venue's
size (rows.py says how), and a second sync with no change on OpenReview writes no row at all.
"""

import datetime as dt

from django.contrib.auth.hashers import make_password

from sllm.accounts.models import Role, User
from sllm.reviewing.models import Assignment, Conflict, Decision, MetaReview, Review
from sllm.submissions.models import Authorship, Paper
from sllm.workshops.models import Track

from ..mapping import PaperData, Snapshot
from ..models import SubmissionRecord, VenueLink
from .rows import RowWriter, WriteCounts, read_rows

TAKEN = "taken"  # a (paper, reviewer) pair that a review of this sync has claimed

TRACK_WORDS = {
    "tiny": Track.Kind.TINY,
    "short": Track.Kind.TINY,
    "main": Track.Kind.MAIN,
    "long": Track.Kind.MAIN,
    "full": Track.Kind.MAIN,
    "regular": Track.Kind.MAIN,
}

PAPER_FIELDS = ("title", "abstract", "track_id", "status", "number", "topics", "openreview_id")
RECORD_FIELDS = ("note_id", "track_value", "student_paper", "authorids", "tmdate", "raw")
AUTHOR_FIELDS = ("name", "email", "openreview_id", "user_id")
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


def _ms(value: int | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC) if value else None


def _changed(obj, values: dict) -> bool:
    """Sets the values that differ; True when any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def placeholder_email(profile_id: str) -> str:
    # OpenReview shows PCs obfuscated addresses only; .invalid can never receive mail by mistake.
    return profile_id.lstrip("~").lower() + "@openreview.invalid"


def name_from_profile_id(profile_id: str) -> str:
    return profile_id.lstrip("~").rstrip("0123456789").replace("_", " ")


class Importer(RowWriter):
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

    # ---- the edition and its people ----------------------------------------------------------------

    def _venue_link(self) -> None:
        values = {"venue_content": self.snapshot.venue}
        if self.snapshot.review_deadline_ms:
            values["review_deadline"] = _ms(self.snapshot.review_deadline_ms)
        if _changed(self.link, values):
            self.link.save(update_fields=[*values, "updated_at"])
            self.counts.add("venue", "updated")

    def _users(self) -> None:
        wanted = self.snapshot.people()
        self.users = dict(User.objects.filter(openreview_id__in=wanted).values_list("openreview_id", "pk"))
        missing = sorted(wanted - self.users.keys())
        if missing:
            unusable = make_password(None)
            taken = set(
                User.objects.filter(email__in=[placeholder_email(p) for p in missing]).values_list(
                    "email", flat=True
                )
            )
            fresh = []
            for profile_id in missing:
                if placeholder_email(profile_id) in taken:
                    self.warnings.append(
                        f"{profile_id}: the address {placeholder_email(profile_id)} belongs "
                        "to another account; profile skipped."
                    )
                    continue
                profile = self.snapshot.profiles.get(profile_id, {})
                fresh.append(
                    User(
                        email=placeholder_email(profile_id),
                        openreview_id=profile_id,
                        full_name=profile.get("fullname") or name_from_profile_id(profile_id),
                        password=unusable,
                    )
                )
            self._write("users", User, create=fresh)
            self.users.update({u.openreview_id: u.pk for u in fresh})  # PostgreSQL returns the new pks
        reviewers = {self.users[p] for p in self.snapshot.reviewers if p in self.users}
        self._roles(Role.Kind.REVIEWER, reviewers)

    def _roles(self, kind: str, user_ids: set[int]) -> None:
        has_role = set(
            Role.objects.filter(workshop=self.workshop, kind=kind).values_list("user_id", flat=True)
        )
        new = [Role(user_id=uid, workshop=self.workshop, kind=kind) for uid in sorted(user_ids - has_role)]
        self._write("roles", Role, create=new)

    # ---- papers ------------------------------------------------------------------------------------------

    def _track_for(self, value: str | None, tracks: list[Track]) -> Track | None:
        by_kind = {t.kind: t for t in tracks}
        if value is None:
            return by_kind.get(Track.Kind.MAIN) if len(tracks) else None
        wanted = value.strip().lower()
        for track in tracks:
            if wanted in {track.openreview_value.strip().lower(), track.name.strip().lower(), track.kind}:
                return track
        for word, kind in TRACK_WORDS.items():
            if word in wanted and kind in by_kind:
                return by_kind[kind]
        return None

    def _paper_values(self, data: PaperData, track: Track, current: dict | None) -> dict:
        values = {
            "title": data.title,
            "abstract": data.abstract,
            "track_id": track.pk,
            "status": data.status,
            "number": data.number,
            "topics": current["topics"] if current else [],
            "openreview_id": data.note_id,
        }
        if data.topics is not None:
            # An edition made from the venue has no topic list yet: then OpenReview's topics stand.
            known = self.workshop.topics
            values["topics"] = [t for t in data.topics if t in known] if known else list(data.topics)
        return values

    def _papers(self) -> None:
        tracks = list(Track.objects.filter(workshop=self.workshop))
        note_ids = [p.note_id for p in self.snapshot.papers]
        local = Paper.objects.filter(workshop=self.workshop)
        linked = read_rows(local.filter(openreview_id__isnull=False), "openreview_id", PAPER_FIELDS)
        unlinked = read_rows(local.filter(openreview_id__isnull=True), "number", PAPER_FIELDS)
        numbers = {values["number"] for _, values in linked.values()} | set(unlinked)
        elsewhere = set(
            Paper.objects.exclude(workshop=self.workshop)
            .filter(openreview_id__in=[n for n in note_ids if n not in linked])
            .values_list("openreview_id", flat=True)
        )
        create, update = [], []
        for data in self.snapshot.papers:
            label = f"Submission {data.number} ({data.note_id})"
            track = self._track_for(data.track_value, tracks)
            if track is None:
                self.warnings.append(f"{label}: unknown track {data.track_value!r}; paper skipped.")
                continue
            if data.note_id in elsewhere:
                self.warnings.append(f"{label}: already imported into another edition; skipped.")
                continue
            found = linked.get(data.note_id)
            if found is None and data.number in unlinked:
                found = unlinked.pop(data.number)
            if found is not None:
                pk, current = found
                values = self._paper_values(data, track, current)
                if values != current:
                    update.append(Paper(pk=pk, **values))
            elif data.number in numbers:
                self.warnings.append(f"{label}: number {data.number} belongs to another paper here; skipped.")
                continue
            else:
                paper = Paper(workshop=self.workshop, **self._paper_values(data, track, None))
                create.append(paper)
                pk = None
            self.papers[data.note_id] = pk
        self._write("papers", Paper, create=create, update=update, fields=PAPER_FIELDS)
        for paper in create:  # PostgreSQL returns the new pks
            self.papers[paper.openreview_id] = paper.pk
        self.numbers = {
            pk: data.number for data in self.snapshot.papers if (pk := self.papers.get(data.note_id))
        }
        self.processed = set(self.papers.values())
        on_openreview = set(note_ids)
        vanished = sorted(
            (values["number"], note_id, pk)
            for note_id, (pk, values) in linked.items()
            if note_id not in on_openreview and values["status"] != Paper.Status.WITHDRAWN
        )
        for number, note_id, _ in vanished:
            self.warnings.append(
                f"Paper {number} ({note_id}) is no longer on OpenReview "
                "(deleted or hidden); marked withdrawn."
            )
        if vanished:
            Paper.objects.filter(pk__in=[pk for *_, pk in vanished]).update(
                status=Paper.Status.WITHDRAWN, updated_at=self.now
            )
            self.counts.add("papers", "updated", len(vanished))

    def _submission_records(self) -> None:
        existing = self._existing(SubmissionRecord, "paper_id", RECORD_FIELDS)
        wanted = {
            self.papers[data.note_id]: {
                "note_id": data.note_id,
                "track_value": data.track_value,
                "student_paper": data.student_paper,
                "authorids": data.authorids,
                "tmdate": data.tmdate,
                "raw": data.raw,
            }
            for data in self.snapshot.papers
            if data.note_id in self.papers
        }
        self._upsert(
            "submission_records",
            SubmissionRecord,
            existing=existing,
            wanted=wanted,
            fields=RECORD_FIELDS,
            make=lambda paper_id, values: SubmissionRecord(paper_id=paper_id, **values),
            stale_if=lambda values: False,  # a record goes with its paper, never on its own
        )

    def _authorships(self) -> None:
        data_by_paper = {self.papers[d.note_id]: d for d in self.snapshot.papers if d.note_id in self.papers}
        existing = self._existing(Authorship, ("paper_id", "position"), AUTHOR_FIELDS)
        author_ids = {a for d in data_by_paper.values() for _, a in d.authors if a}
        users = dict(User.objects.filter(openreview_id__in=author_ids).values_list("openreview_id", "pk"))
        emails = [a.lower() for a in author_ids if "@" in a]
        users.update(User.objects.filter(email__in=emails).values_list("email", "pk"))
        wanted = {}
        for paper_id, data in data_by_paper.items():
            for position, (name, author_id) in enumerate(data.authors, start=1):
                user_id = users.get(author_id) or users.get(author_id.lower())
                row = existing.get((paper_id, position))
                # An address given on OpenReview replaces the stored one; a profile id keeps it.
                email = author_id.lower() if "@" in author_id else (row[1]["email"] if row else "")
                wanted[(paper_id, position)] = {
                    "name": name[:200],
                    "email": email,
                    "openreview_id": "" if "@" in author_id else author_id,
                    "user_id": user_id,
                }
        self._upsert(
            "authorships",
            Authorship,
            existing=existing,
            wanted=wanted,
            fields=AUTHOR_FIELDS,
            make=lambda key, values: Authorship(paper_id=key[0], position=key[1], **values),
        )
        self._roles(Role.Kind.AUTHOR, {v["user_id"] for v in wanted.values() if v["user_id"]})

    # ---- the forum: reviews, meta-reviews, decisions ------------------------------------------------------

    def _reviews(self) -> None:
        rows = Review.objects.filter(paper__workshop=self.workshop).values_list("pk", *REVIEW_FIELDS)
        existing = {
            row[0]: dict(zip(REVIEW_FIELDS, row[1:], strict=True)) for row in rows if row[1] in self.processed
        }
        by_id = {v["openreview_id"]: pk for pk, v in existing.items() if v["openreview_id"]}
        by_pair = {(v["paper_id"], v["reviewer_id"]): pk for pk, v in existing.items()}
        wanted_ids = {r.note_id for r in self.snapshot.reviews}
        stale = [pk for note_id, pk in by_id.items() if note_id not in wanted_ids]
        for pk in stale:
            by_pair.pop((existing[pk]["paper_id"], existing[pk]["reviewer_id"]), None)
        create, update = [], []
        for data in self.snapshot.reviews:
            paper_id, user_id = self.papers.get(data.paper_note_id), self.users.get(data.reviewer)
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
                "submitted_at": _ms(data.created_ms),
                "openreview_tmdate": data.modified_ms,
            }
            pk = by_id.get(data.note_id)
            pair = by_pair.get((paper_id, user_id))
            if pk is None and pair is not None and (pair == TAKEN or existing[pair]["openreview_id"]):
                self.warnings.append(
                    f"Paper {self.numbers[paper_id]}: {data.reviewer} wrote two reviews; "
                    f"{data.note_id} skipped."
                )
                continue
            pk = pk or pair
            # A local review without an OpenReview id is linked to the first note of its pair, once.
            by_pair[(paper_id, user_id)] = TAKEN
            if pk is None:
                create.append(Review(**values))
            elif existing[pk] != values:
                update.append(Review(pk=pk, **values))
        self._write("reviews", Review, create=create, update=update, fields=REVIEW_FIELDS, delete=stale)

    def _meta_reviews(self) -> None:
        existing = self._existing(MetaReview, "openreview_id", META_REVIEW_FIELDS)
        wanted = {}
        for data in self.snapshot.meta_reviews:
            if data.paper_note_id in self.papers:
                wanted[data.note_id] = {
                    "paper_id": self.papers[data.paper_note_id],
                    "area_chair_id": self.users.get(data.area_chair) if data.area_chair else None,
                    "recommendation": data.recommendation[:200],
                    "confidence": data.confidence,
                }
        self._upsert(
            "meta_reviews",
            MetaReview,
            existing=existing,
            wanted=wanted,
            fields=META_REVIEW_FIELDS,
            make=lambda note_id, values: MetaReview(openreview_id=note_id, **values),
        )

    def _decisions(self) -> None:
        existing = self._existing(Decision, "paper_id", DECISION_FIELDS)
        wanted: dict[int, dict] = {}
        for data in self.snapshot.decisions:
            paper_id = self.papers.get(data.paper_note_id)
            if paper_id is None:
                continue
            if paper_id in wanted:
                self.warnings.append(
                    f"Paper {self.numbers[paper_id]}: more than one decision note; the last one counts."
                )
            wanted[paper_id] = {"openreview_id": data.note_id, "decision": data.decision[:200]}
        self._upsert(
            "decisions",
            Decision,
            existing=existing,
            wanted=wanted,
            fields=DECISION_FIELDS,
            make=lambda paper_id, values: Decision(paper_id=paper_id, **values),
        )

    # ---- edges: assignments and conflicts ------------------------------------------------------------------

    def _edges(self, kind: str, model, edges: list, key: tuple[str, ...], values_of) -> None:
        """Assignments or conflicts: one row per key, the edge's values on it."""
        fields = tuple(values_of(edges[0])) if edges else ("openreview_edge_id",)
        existing = self._existing(model, key, fields)
        wanted: dict[tuple, dict] = {}
        for edge in edges:
            paper_id, user_id = self.papers.get(edge.paper_note_id), self.users.get(edge.profile_id)
            if paper_id is not None and user_id is not None:
                wanted.setdefault((paper_id, user_id, edge.role)[: len(key)], values_of(edge))
        self._upsert(
            kind,
            model,
            existing=existing,
            wanted=wanted,
            fields=fields,
            make=lambda k, values: model(**dict(zip(key, k, strict=True)), **values),
            # Rows without an edge id were made here and never written back: OpenReview cannot speak for them.
            stale_if=lambda values: bool(values["openreview_edge_id"]),
        )

    def _assignments(self) -> None:
        self._edges(
            "assignments",
            Assignment,
            self.snapshot.assignments,
            ("paper_id", "reviewer_id", "role"),
            lambda edge: {"openreview_edge_id": edge.edge_id},
        )

    def _conflicts(self) -> None:
        self._edges(
            "conflicts",
            Conflict,
            self.snapshot.conflicts,
            ("paper_id", "reviewer_id"),
            lambda edge: {"openreview_edge_id": edge.edge_id, "label": edge.label[:100]},
        )
