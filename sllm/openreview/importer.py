"""Writes a Snapshot into the database: upsert by OpenReview id, write only what changed, count it.

Called inside the sync's one transaction. Every comparison happens in memory against rows read in a
few queries, so a second sync with no change on OpenReview writes no row at all.
"""

import datetime as dt
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from sllm.accounts.models import Role, User
from sllm.reviewing.models import Assignment, Conflict, Decision, MetaReview, Review
from sllm.submissions.models import Authorship, Paper
from sllm.workshops.models import Track

from .mapping import PaperData, Snapshot
from .models import SubmissionRecord, VenueLink

TRACK_WORDS = {
    "tiny": Track.Kind.TINY,
    "short": Track.Kind.TINY,
    "main": Track.Kind.MAIN,
    "long": Track.Kind.MAIN,
    "full": Track.Kind.MAIN,
    "regular": Track.Kind.MAIN,
}


class WriteCounts:
    def __init__(self):
        self.by_kind: dict[str, dict[str, int]] = defaultdict(
            lambda: {"created": 0, "updated": 0, "deleted": 0}
        )

    def add(self, kind: str, action: str, n: int = 1) -> None:
        if n:
            self.by_kind[kind][action] += n

    @property
    def total(self) -> int:
        return sum(sum(actions.values()) for actions in self.by_kind.values())

    def as_dict(self) -> dict:
        return {kind: dict(actions) for kind, actions in sorted(self.by_kind.items())}


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


class Importer:
    def __init__(self, *, workshop, link: VenueLink, snapshot: Snapshot):
        self.workshop = workshop
        self.link = link
        self.snapshot = snapshot
        self.counts = WriteCounts()
        self.warnings = snapshot.warnings
        self.users: dict[str, User] = {}
        self.papers: dict[str, Paper] = {}  # note id -> paper, for the papers this run processed

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
        self.users = {u.openreview_id: u for u in User.objects.filter(openreview_id__in=wanted)}
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
            User.objects.bulk_create(fresh)
            self.counts.add("users", "created", len(fresh))
            self.users.update(
                {
                    u.openreview_id: u
                    for u in User.objects.filter(openreview_id__in=[u.openreview_id for u in fresh])
                }
            )
        reviewers = {self.users[p].pk for p in self.snapshot.reviewers if p in self.users}
        has_role = set(
            Role.objects.filter(
                workshop=self.workshop, kind=Role.Kind.REVIEWER, user_id__in=reviewers
            ).values_list("user_id", flat=True)
        )
        new_roles = [
            Role(user_id=uid, workshop=self.workshop, kind=Role.Kind.REVIEWER)
            for uid in sorted(reviewers - has_role)
        ]
        Role.objects.bulk_create(new_roles)
        self.counts.add("roles", "created", len(new_roles))

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

    def _paper_values(self, data: PaperData, track: Track) -> dict:
        values = {
            "title": data.title,
            "abstract": data.abstract,
            "track_id": track.pk,
            "status": data.status,
            "number": data.number,
        }
        if data.topics is not None:
            # An edition made from the venue has no topic list yet: then OpenReview's topics stand.
            known = self.workshop.topics
            values["topics"] = [t for t in data.topics if t in known] if known else list(data.topics)
        return values

    def _papers(self) -> None:
        tracks = list(Track.objects.filter(workshop=self.workshop))
        note_ids = [p.note_id for p in self.snapshot.papers]
        linked = {p.openreview_id: p for p in Paper.objects.filter(openreview_id__in=note_ids)}
        local = Paper.objects.filter(workshop=self.workshop)
        unlinked = {p.number: p for p in local.filter(openreview_id__isnull=True)}
        numbers = set(local.values_list("number", flat=True))
        to_create, to_update = [], []
        for data in self.snapshot.papers:
            label = f"Submission {data.number} ({data.note_id})"
            track = self._track_for(data.track_value, tracks)
            if track is None:
                self.warnings.append(f"{label}: unknown track {data.track_value!r}; paper skipped.")
                continue
            values = self._paper_values(data, track)
            paper = linked.get(data.note_id)
            if paper is not None and paper.workshop_id != self.workshop.pk:
                self.warnings.append(f"{label}: already imported into another edition; skipped.")
                continue
            if paper is None and data.number in unlinked:
                paper = unlinked.pop(data.number)
                values["openreview_id"] = data.note_id
            if paper is not None:
                if _changed(paper, values):
                    to_update.append(paper)
            elif data.number in numbers:
                self.warnings.append(f"{label}: number {data.number} belongs to another paper here; skipped.")
                continue
            else:
                paper = Paper(workshop=self.workshop, openreview_id=data.note_id, **values)
                to_create.append(paper)
            self.papers[data.note_id] = paper
        if to_update:
            Paper.objects.bulk_update(
                to_update, ["title", "abstract", "track_id", "status", "number", "topics", "openreview_id"]
            )
        Paper.objects.bulk_create(to_create)
        self.counts.add("papers", "updated", len(to_update))
        self.counts.add("papers", "created", len(to_create))
        vanished = (
            Paper.objects.filter(workshop=self.workshop, openreview_id__isnull=False)
            .exclude(openreview_id__in=note_ids)
            .exclude(status=Paper.Status.WITHDRAWN)
        )
        for paper in vanished:
            self.warnings.append(
                f"Paper {paper.number} ({paper.openreview_id}) is no longer on OpenReview "
                "(deleted or hidden); marked withdrawn."
            )
        self.counts.add("papers", "updated", vanished.update(status=Paper.Status.WITHDRAWN))

    def _submission_records(self) -> None:
        by_paper = {data.note_id: data for data in self.snapshot.papers if data.note_id in self.papers}
        existing = {
            r.paper_id: r
            for r in SubmissionRecord.objects.filter(paper_id__in=[p.pk for p in self.papers.values()])
        }
        to_create, to_update = [], []
        for note_id, data in by_paper.items():
            paper = self.papers[note_id]
            values = {
                "note_id": note_id,
                "track_value": data.track_value,
                "student_paper": data.student_paper,
                "authorids": data.authorids,
                "tmdate": data.tmdate,
                "raw": data.raw,
            }
            record = existing.get(paper.pk)
            if record is None:
                to_create.append(SubmissionRecord(paper=paper, **values))
            elif _changed(record, values):
                to_update.append(record)
        SubmissionRecord.objects.bulk_create(to_create)
        if to_update:
            SubmissionRecord.objects.bulk_update(
                to_update, ["note_id", "track_value", "student_paper", "authorids", "tmdate", "raw"]
            )
        self.counts.add("submission_records", "created", len(to_create))
        self.counts.add("submission_records", "updated", len(to_update))

    def _authorships(self) -> None:
        data_by_paper = {
            self.papers[d.note_id].pk: d for d in self.snapshot.papers if d.note_id in self.papers
        }
        existing: dict[int, dict[int, Authorship]] = defaultdict(dict)
        for row in Authorship.objects.filter(paper_id__in=data_by_paper):
            existing[row.paper_id][row.position] = row
        author_ids = {a for d in data_by_paper.values() for _, a in d.authors if a}
        users = {u.openreview_id: u for u in User.objects.filter(openreview_id__in=author_ids)}
        users.update(
            {u.email: u for u in User.objects.filter(email__in=[a.lower() for a in author_ids if "@" in a])}
        )
        to_create, to_update, to_delete = [], [], []
        author_users = set()
        for paper_id, data in data_by_paper.items():
            rows = existing.get(paper_id, {})
            for position, (name, author_id) in enumerate(data.authors, start=1):
                user = users.get(author_id) or users.get(author_id.lower())
                values = {"name": name[:200], "user_id": user.pk if user else None}
                if "@" in author_id:
                    values["email"] = author_id.lower()
                    values["openreview_id"] = ""
                else:
                    values["openreview_id"] = author_id
                if user:
                    author_users.add(user.pk)
                row = rows.pop(position, None)
                if row is None:
                    to_create.append(Authorship(paper_id=paper_id, position=position, **values))
                elif _changed(row, values):
                    to_update.append(row)
            to_delete.extend(rows.values())
        Authorship.objects.filter(pk__in=[r.pk for r in to_delete]).delete()
        if to_update:
            Authorship.objects.bulk_update(to_update, ["name", "email", "openreview_id", "user_id"])
        Authorship.objects.bulk_create(to_create)
        self.counts.add("authorships", "deleted", len(to_delete))
        self.counts.add("authorships", "updated", len(to_update))
        self.counts.add("authorships", "created", len(to_create))
        has_role = set(
            Role.objects.filter(
                workshop=self.workshop, kind=Role.Kind.AUTHOR, user_id__in=author_users
            ).values_list("user_id", flat=True)
        )
        new_roles = [
            Role(user_id=u, workshop=self.workshop, kind=Role.Kind.AUTHOR)
            for u in sorted(author_users - has_role)
        ]
        Role.objects.bulk_create(new_roles)
        self.counts.add("roles", "created", len(new_roles))

    # ---- the forum: reviews, meta-reviews, decisions ------------------------------------------------------

    def _processed_paper_ids(self) -> list[int]:
        return [p.pk for p in self.papers.values()]

    def _reviews(self) -> None:
        rows = list(Review.objects.filter(paper_id__in=self._processed_paper_ids()))
        by_id = {r.openreview_id: r for r in rows if r.openreview_id}
        by_pair = {(r.paper_id, r.reviewer_id): r for r in rows}
        wanted_ids = {r.note_id for r in self.snapshot.reviews}
        stale = [r for r in rows if r.openreview_id and r.openreview_id not in wanted_ids]
        Review.objects.filter(pk__in=[r.pk for r in stale]).delete()
        self.counts.add("reviews", "deleted", len(stale))
        for r in stale:
            by_pair.pop((r.paper_id, r.reviewer_id), None)
        to_create, to_update = [], []
        for data in self.snapshot.reviews:
            paper, user = self.papers.get(data.paper_note_id), self.users.get(data.reviewer)
            if paper is None or user is None:
                continue
            values = {
                "paper_id": paper.pk,
                "reviewer_id": user.pk,
                "openreview_id": data.note_id,
                "rating": data.rating,
                "confidence": data.confidence,
                "nominate_for_oral": data.nominate_for_oral,
                "edited": data.edited,
                "number": data.number,
                "submitted_at": _ms(data.created_ms),
                "openreview_tmdate": data.modified_ms,
            }
            row = by_id.get(data.note_id)
            pair_row = by_pair.get((paper.pk, user.pk))
            if row is None and pair_row is not None and pair_row.openreview_id:
                self.warnings.append(
                    f"Paper {paper.number}: {data.reviewer} wrote two reviews; {data.note_id} skipped."
                )
                continue
            row = row or pair_row
            if row is None:
                row = Review(**values)
                to_create.append(row)
                by_pair[(paper.pk, user.pk)] = row
            elif _changed(row, values):
                to_update.append(row)
        if to_update:
            Review.objects.bulk_update(
                to_update,
                [
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
                ],
            )
        Review.objects.bulk_create(to_create)
        self.counts.add("reviews", "updated", len(to_update))
        self.counts.add("reviews", "created", len(to_create))

    def _meta_reviews(self) -> None:
        rows = {
            m.openreview_id: m for m in MetaReview.objects.filter(paper_id__in=self._processed_paper_ids())
        }
        wanted = {m.note_id: m for m in self.snapshot.meta_reviews if m.paper_note_id in self.papers}
        stale = [m.pk for note_id, m in rows.items() if note_id not in wanted]
        MetaReview.objects.filter(pk__in=stale).delete()
        self.counts.add("meta_reviews", "deleted", len(stale))
        to_create, to_update = [], []
        for note_id, data in wanted.items():
            user = self.users.get(data.area_chair) if data.area_chair else None
            values = {
                "paper_id": self.papers[data.paper_note_id].pk,
                "area_chair_id": user.pk if user else None,
                "recommendation": data.recommendation[:200],
                "confidence": data.confidence,
            }
            row = rows.get(note_id)
            if row is None:
                to_create.append(MetaReview(openreview_id=note_id, **values))
            elif _changed(row, values):
                to_update.append(row)
        if to_update:
            MetaReview.objects.bulk_update(
                to_update, ["paper_id", "area_chair_id", "recommendation", "confidence"]
            )
        MetaReview.objects.bulk_create(to_create)
        self.counts.add("meta_reviews", "updated", len(to_update))
        self.counts.add("meta_reviews", "created", len(to_create))

    def _decisions(self) -> None:
        rows = {d.paper_id: d for d in Decision.objects.filter(paper_id__in=self._processed_paper_ids())}
        wanted: dict[int, tuple[str, str]] = {}
        for data in self.snapshot.decisions:
            paper = self.papers.get(data.paper_note_id)
            if paper is None:
                continue
            if paper.pk in wanted:
                self.warnings.append(
                    f"Paper {paper.number}: more than one decision note; the last one counts."
                )
            wanted[paper.pk] = (data.note_id, data.decision[:200])
        stale = [d.pk for paper_id, d in rows.items() if paper_id not in wanted]
        Decision.objects.filter(pk__in=stale).delete()
        self.counts.add("decisions", "deleted", len(stale))
        to_create, to_update = [], []
        for paper_id, (note_id, decision) in wanted.items():
            row = rows.get(paper_id)
            values = {"openreview_id": note_id, "decision": decision}
            if row is None:
                to_create.append(Decision(paper_id=paper_id, **values))
            elif _changed(row, values):
                to_update.append(row)
        if to_update:
            Decision.objects.bulk_update(to_update, ["openreview_id", "decision"])
        Decision.objects.bulk_create(to_create)
        self.counts.add("decisions", "updated", len(to_update))
        self.counts.add("decisions", "created", len(to_create))

    # ---- edges: assignments and conflicts ------------------------------------------------------------------

    def _assignments(self) -> None:
        rows = {
            (a.paper_id, a.reviewer_id, a.role): a
            for a in Assignment.objects.filter(paper_id__in=self._processed_paper_ids())
        }
        wanted: dict[tuple, str] = {}
        for edge in self.snapshot.assignments:
            paper, user = self.papers.get(edge.paper_note_id), self.users.get(edge.profile_id)
            if paper is not None and user is not None:
                wanted.setdefault((paper.pk, user.pk, edge.role), edge.edge_id)
        # Rows without an edge id were made here and never written back: OpenReview cannot speak for them.
        stale = [a.pk for key, a in rows.items() if key not in wanted and a.openreview_edge_id]
        Assignment.objects.filter(pk__in=stale).delete()
        self.counts.add("assignments", "deleted", len(stale))
        to_create, to_update = [], []
        for (paper_id, user_id, role), edge_id in wanted.items():
            row = rows.get((paper_id, user_id, role))
            if row is None:
                to_create.append(
                    Assignment(paper_id=paper_id, reviewer_id=user_id, role=role, openreview_edge_id=edge_id)
                )
            elif _changed(row, {"openreview_edge_id": edge_id}):
                to_update.append(row)
        if to_update:
            now = timezone.now()
            for row in to_update:
                row.updated_at = now
            Assignment.objects.bulk_update(to_update, ["openreview_edge_id", "updated_at"])
        Assignment.objects.bulk_create(to_create)
        self.counts.add("assignments", "updated", len(to_update))
        self.counts.add("assignments", "created", len(to_create))

    def _conflicts(self) -> None:
        rows = {
            (c.paper_id, c.reviewer_id): c
            for c in Conflict.objects.filter(paper_id__in=self._processed_paper_ids())
        }
        wanted: dict[tuple, tuple[str, str]] = {}
        for edge in self.snapshot.conflicts:
            paper, user = self.papers.get(edge.paper_note_id), self.users.get(edge.profile_id)
            if paper is not None and user is not None:
                wanted.setdefault((paper.pk, user.pk), (edge.edge_id, edge.label[:100]))
        stale = [c.pk for key, c in rows.items() if key not in wanted and c.openreview_edge_id]
        Conflict.objects.filter(pk__in=stale).delete()
        self.counts.add("conflicts", "deleted", len(stale))
        to_create, to_update = [], []
        for (paper_id, user_id), (edge_id, label) in wanted.items():
            row = rows.get((paper_id, user_id))
            if row is None:
                to_create.append(
                    Conflict(paper_id=paper_id, reviewer_id=user_id, label=label, openreview_edge_id=edge_id)
                )
            elif _changed(row, {"openreview_edge_id": edge_id, "label": label}):
                to_update.append(row)
        if to_update:
            now = timezone.now()
            for row in to_update:
                row.updated_at = now
            Conflict.objects.bulk_update(to_update, ["openreview_edge_id", "label", "updated_at"])
        Conflict.objects.bulk_create(to_create)
        self.counts.add("conflicts", "updated", len(to_update))
        self.counts.add("conflicts", "created", len(to_create))
