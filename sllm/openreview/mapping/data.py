"""The plain data one sync imports: the options it reads fields by, and what it found on OpenReview."""

from dataclasses import dataclass, field

from .values import DEFAULT_YES


@dataclass(frozen=True)
class SyncOptions:
    track_field: str = "track"
    student_field: str = "student_paper"
    nomination_field: str = "nominate_for_oral"
    nomination_yes: tuple[str, ...] = DEFAULT_YES


@dataclass
class PaperData:
    note_id: str
    number: int
    title: str
    abstract: str
    track_value: str | None
    status: str
    student_paper: bool
    authors: list[tuple[str, str]]  # (name, profile id or email; "" when OpenReview gave none)
    topics: list[str] | None
    tmdate: int | None
    raw: dict

    @property
    def authorids(self) -> list[str]:
        return [author_id for _, author_id in self.authors if author_id]


@dataclass
class ReviewData:
    note_id: str
    paper_note_id: str
    reviewer: str
    number: int | None
    rating: int | None
    confidence: int | None
    nominate_for_oral: bool
    edited: bool
    created_ms: int | None
    modified_ms: int | None


@dataclass
class MetaReviewData:
    note_id: str
    paper_note_id: str
    area_chair: str | None
    recommendation: str
    confidence: int | None


@dataclass
class DecisionData:
    note_id: str
    paper_note_id: str
    decision: str


@dataclass
class EdgeData:
    edge_id: str
    paper_note_id: str
    profile_id: str
    role: str  # "reviewer" or "area_chair"
    label: str


@dataclass
class Snapshot:
    venue_id: str
    venue: dict
    papers: list[PaperData] = field(default_factory=list)
    reviews: list[ReviewData] = field(default_factory=list)
    meta_reviews: list[MetaReviewData] = field(default_factory=list)
    decisions: list[DecisionData] = field(default_factory=list)
    assignments: list[EdgeData] = field(default_factory=list)
    conflicts: list[EdgeData] = field(default_factory=list)
    reviewers: set[str] = field(default_factory=set)
    area_chairs: set[str] = field(default_factory=set)
    profiles: dict[str, dict] = field(default_factory=dict)
    review_deadline_ms: int | None = None
    warnings: list[str] = field(default_factory=list)
    # People met in rows no longer held here (a sync's reads keep its submissions' rows in chunks).
    people_seen: set[str] = field(default_factory=set)

    def people(self) -> set[str]:
        found = set(self.reviewers) | set(self.area_chairs) | self.people_seen
        found |= {r.reviewer for r in self.reviews}
        found |= {m.area_chair for m in self.meta_reviews if m.area_chair}
        found |= {e.profile_id for e in self.assignments + self.conflicts}
        return {p for p in found if p.startswith("~")}
