"""From OpenReview's entities (plain dicts, as the gateway returns them) to the platform's terms.

Pure functions, no Django: the venue layout of openreview-api.md §6, status from `content.venueid`,
reviews told apart by invitation suffix and de-anonymised through the anonymous groups, ratings from
integers or strings such as "8: accept". Anything malformed becomes a warning, never an exception.
"""

import re
from dataclasses import dataclass, field

DEFAULT_YES = ("Yes",)
_LEADING_INT = re.compile(r"^\s*(-?\d+)")
_TRUE_WORDS = {"yes", "true", "y", "1"}


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
class VenueKeys:
    venue_id: str
    submission_id: str
    submission_venue_id: str
    rejected_venue_id: str
    withdrawn_venue_id: str
    desk_rejected_venue_id: str
    reviewers_id: str
    area_chairs_id: str
    reviewers_conflict_id: str
    area_chairs_conflict_id: str
    reviewers_assignment_id: str
    area_chairs_assignment_id: str
    review_name: str
    meta_review_name: str
    decision_name: str
    review_rating: str
    review_confidence: str
    meta_review_recommendation: str
    decision_field_name: str


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

    def people(self) -> set[str]:
        found = set(self.reviewers) | set(self.area_chairs)
        found |= {r.reviewer for r in self.reviews}
        found |= {m.area_chair for m in self.meta_reviews if m.area_chair}
        found |= {e.profile_id for e in self.assignments + self.conflicts}
        return {p for p in found if p.startswith("~")}


def venue_keys(venue_id: str, content: dict) -> VenueKeys:
    """Every id and name the sync needs, read from the venue group with the documented defaults."""
    v = venue_id

    def get(key: str, default: str) -> str:
        value = content.get(key)
        return value if isinstance(value, str) and value else default

    return VenueKeys(
        venue_id=v,
        submission_id=get("submission_id", f"{v}/-/Submission"),
        submission_venue_id=get("submission_venue_id", f"{v}/Submission"),
        rejected_venue_id=get("rejected_venue_id", f"{v}/Rejected_Submission"),
        withdrawn_venue_id=get("withdrawn_venue_id", f"{v}/Withdrawn_Submission"),
        desk_rejected_venue_id=get("desk_rejected_venue_id", f"{v}/Desk_Rejected_Submission"),
        reviewers_id=get("reviewers_id", f"{v}/Reviewers"),
        area_chairs_id=get("area_chairs_id", f"{v}/Area_Chairs"),
        reviewers_conflict_id=get("reviewers_conflict_id", f"{v}/Reviewers/-/Conflict"),
        area_chairs_conflict_id=get("area_chairs_conflict_id", f"{v}/Area_Chairs/-/Conflict"),
        reviewers_assignment_id=get("reviewers_assignment_id", f"{v}/Reviewers/-/Assignment"),
        area_chairs_assignment_id=get("area_chairs_assignment_id", f"{v}/Area_Chairs/-/Assignment"),
        review_name=get("review_name", "Official_Review"),
        meta_review_name=get("meta_review_name", "Meta_Review"),
        decision_name=get("decision_name", "Decision"),
        review_rating=get("review_rating", "rating"),
        review_confidence=get("review_confidence", "confidence"),
        meta_review_recommendation=get("meta_review_recommendation", "recommendation"),
        decision_field_name=get("decision_field_name", "decision"),
    )


def value_of(content: dict | None, name: str):
    """The value of a wrapped content field ({"value": v}); None when absent."""
    field_ = (content or {}).get(name)
    if isinstance(field_, dict):
        return field_.get("value")
    return None


def parse_score(value) -> int | None:
    """An integer score from 8, 8.0, "8" or "8: Top 50% of accepted papers"; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        match = _LEADING_INT.match(value)
        if match:
            return int(match.group(1))
    return None


def is_yes(value, yes_values: tuple[str, ...] = DEFAULT_YES) -> bool:
    """Whether an answer means yes: True, or a string equal to (or starting with) a yes-value.

    An absent optional field is None, which is no.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return any(is_yes(item, yes_values) for item in value)
    if not isinstance(value, str):
        return False
    text = value.strip().lower()
    for yes in yes_values:
        wanted = yes.strip().lower()
        if text == wanted or (text.startswith(wanted) and not text[len(wanted) : len(wanted) + 1].isalnum()):
            return True
    return False


def student_flag(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        head = re.split(r"[\s:,(]", value.strip().lower(), maxsplit=1)[0]
        return head in _TRUE_WORDS
    return False


def status_of(venueid, keys: VenueKeys) -> str | None:
    return {
        keys.venue_id: "accepted",
        keys.submission_venue_id: "submitted",
        keys.rejected_venue_id: "rejected",
        keys.withdrawn_venue_id: "withdrawn",
        keys.desk_rejected_venue_id: "desk_rejected",
    }.get(venueid)


def was_edited(note: dict) -> bool:
    """True dates tell: modified after creation, by its true (tmdate) or its set (mdate) date."""

    def later(modified, created) -> bool:
        return modified is not None and created is not None and modified > created

    return later(note.get("tmdate"), note.get("tcdate")) or later(note.get("mdate"), note.get("cdate"))


def anonymous_members(groups: list[dict]) -> dict[str, str]:
    """Anonymous group id -> the profile it hides (…/Submission3/Reviewer_GzWz -> ~Ada_Lovelace1)."""
    found = {}
    for group in groups:
        tail = group["id"].rsplit("/", 1)[-1]
        if (tail.startswith("Reviewer_") or tail.startswith("Area_Chair_")) and group.get("members"):
            found[group["id"]] = group["members"][0]
    return found


def _authors(note: dict, label: str, warnings: list[str]) -> list[tuple[str, str]]:
    content = note.get("content") or {}
    names = value_of(content, "authors")
    if names is None:
        warnings.append(f"{label}: no authors visible to the sync account.")
        return []
    if not isinstance(names, list):
        warnings.append(f"{label}: the authors field is not a list; authors skipped.")
        return []
    if names and isinstance(names[0], dict):
        authors = []
        for author in names:
            name = str(author.get("fullname") or author.get("username") or "").strip()
            username = str(author.get("username") or "").strip()
            if not username:
                warnings.append(f"{label}: author {name or '(unnamed)'!r} has no profile id (no authorids).")
            authors.append((name or username, username))
        return authors
    ids = value_of(content, "authorids")
    if not isinstance(ids, list):
        warnings.append(f"{label}: authors without authorids; profile ids unknown.")
        ids = []
    if len(ids) != len(names):
        warnings.append(f"{label}: {len(names)} author names but {len(ids)} author ids.")
    return [(str(name), str(ids[i]) if i < len(ids) else "") for i, name in enumerate(names)]


def paper_from_note(
    note: dict, keys: VenueKeys, options: SyncOptions, warnings: list[str]
) -> PaperData | None:
    content = note.get("content") or {}
    number = note.get("number")
    label = f"Submission {number} ({note.get('id')})"
    if not isinstance(number, int):
        warnings.append(f"{label}: no submission number; skipped.")
        return None
    title = value_of(content, "title")
    if not isinstance(title, str) or not title.strip():
        warnings.append(f"{label}: no title.")
        title = f"Untitled submission {number}"
    abstract = value_of(content, "abstract")
    if not isinstance(abstract, str):
        warnings.append(f"{label}: no abstract.")
        abstract = ""
    venueid = value_of(content, "venueid")
    status = status_of(venueid, keys)
    if status is None:
        warnings.append(f"{label}: unknown venueid {venueid!r}; treated as submitted.")
        status = "submitted"
    track = value_of(content, options.track_field) if options.track_field else None
    topics = value_of(content, "topics")
    raw = {k: v for k, v in note.items() if k != "details"}
    return PaperData(
        note_id=note["id"],
        number=number,
        title=title.strip()[:300],
        abstract=abstract,
        status=status,
        track_value=str(track) if track is not None else None,
        student_paper=student_flag(value_of(content, options.student_field)),
        authors=_authors(note, label, warnings),
        topics=[str(t) for t in topics] if isinstance(topics, list) else None,
        tmdate=note.get("tmdate"),
        raw=raw,
    )


def _kind_of(reply: dict, keys: VenueKeys) -> str | None:
    """Told apart by invitation suffix, never by content keys (openreview-api.md §5)."""
    invitations = reply.get("invitations") or []
    first = invitations[0] if invitations else ""
    for kind, name in (
        ("review", keys.review_name),
        ("meta_review", keys.meta_review_name),
        ("decision", keys.decision_name),
    ):
        if first.endswith(f"/-/{name}"):
            return kind
    return None


def replies_of(
    submission: dict,
    paper: PaperData,
    keys: VenueKeys,
    options: SyncOptions,
    anon: dict[str, str],
    snapshot: Snapshot,
) -> None:
    """Adds the submission's reviews, meta-review and decision to the snapshot."""
    label = f"Submission {paper.number}"
    for reply in (submission.get("details") or {}).get("replies") or []:
        if reply.get("ddate"):
            continue
        kind = _kind_of(reply, keys)
        if kind is None:
            continue
        content = reply.get("content") or {}
        signature = (reply.get("signatures") or [""])[0]
        person = anon.get(signature) or (signature if signature.startswith("~") else None)
        if kind == "review":
            if person is None:
                snapshot.warnings.append(
                    f"{label}: review {reply.get('id')} signed by {signature!r}, "
                    "which maps to no profile; skipped."
                )
                continue
            rating = parse_score(value_of(content, keys.review_rating))
            confidence = parse_score(value_of(content, keys.review_confidence))
            for name, value, parsed in (
                (keys.review_rating, value_of(content, keys.review_rating), rating),
                (keys.review_confidence, value_of(content, keys.review_confidence), confidence),
            ):
                if parsed is None:
                    snapshot.warnings.append(
                        f"{label}: review {reply.get('id')} has no usable {name} ({value!r})."
                    )
            snapshot.reviews.append(
                ReviewData(
                    note_id=reply["id"],
                    paper_note_id=paper.note_id,
                    reviewer=person,
                    number=reply.get("number"),
                    rating=rating,
                    confidence=confidence,
                    nominate_for_oral=is_yes(
                        value_of(content, options.nomination_field), options.nomination_yes
                    ),
                    edited=was_edited(reply),
                    created_ms=reply.get("tcdate") or reply.get("cdate"),
                    modified_ms=reply.get("tmdate") or reply.get("mdate"),
                )
            )
        elif kind == "meta_review":
            snapshot.meta_reviews.append(
                MetaReviewData(
                    note_id=reply["id"],
                    paper_note_id=paper.note_id,
                    area_chair=person,
                    recommendation=str(value_of(content, keys.meta_review_recommendation) or ""),
                    confidence=parse_score(value_of(content, "confidence")),
                )
            )
        else:
            decision = value_of(content, keys.decision_field_name)
            if not isinstance(decision, str) or not decision:
                snapshot.warnings.append(
                    f"{label}: decision {reply.get('id')} has no {keys.decision_field_name}."
                )
                continue
            snapshot.decisions.append(
                DecisionData(note_id=reply["id"], paper_note_id=paper.note_id, decision=decision)
            )


def edges_of(
    edges: list[dict], *, role: str, kind: str, papers: dict[str, PaperData], snapshot: Snapshot
) -> list[EdgeData]:
    found = []
    unknown = 0
    for edge in edges:
        if edge.get("ddate"):
            continue
        if edge.get("head") not in papers or not str(edge.get("tail") or "").startswith("~"):
            unknown += 1
            continue
        found.append(
            EdgeData(
                edge_id=edge["id"],
                paper_note_id=edge["head"],
                profile_id=edge["tail"],
                role=role,
                label=str(edge.get("label") or ("Conflict" if kind == "conflict" else "")),
            )
        )
    if unknown:
        snapshot.warnings.append(
            f"{unknown} {role.replace('_', ' ')} {kind} edge(s) point at no synced "
            "submission or no profile; ignored."
        )
    return found


def build_snapshot(
    *,
    venue_id: str,
    venue_content: dict,
    submissions: list[dict],
    groups: list[dict],
    reviewers_group: dict | None,
    area_chairs_group: dict | None,
    edges: dict[str, list[dict]],
    options: SyncOptions,
    review_deadline_ms: int | None = None,
) -> Snapshot:
    """Everything one sync imports, in plain data. `edges` maps the four edge invitations to edges."""
    keys = venue_keys(venue_id, venue_content)
    snapshot = Snapshot(venue_id=venue_id, venue=venue_content, review_deadline_ms=review_deadline_ms)
    anon = anonymous_members(groups)
    papers: dict[str, PaperData] = {}
    numbers: set[int] = set()
    for note in sorted(submissions, key=lambda n: (n.get("number") or 0, n.get("id") or "")):
        if note.get("ddate"):
            continue
        paper = paper_from_note(note, keys, options, snapshot.warnings)
        if paper is None:
            continue
        if paper.number in numbers:
            snapshot.warnings.append(
                f"Submission {paper.number} ({paper.note_id}): the number is taken by "
                "another submission; skipped."
            )
            continue
        numbers.add(paper.number)
        papers[paper.note_id] = paper
        snapshot.papers.append(paper)
        replies_of(note, paper, keys, options, anon, snapshot)
    for group, target in ((reviewers_group, snapshot.reviewers), (area_chairs_group, snapshot.area_chairs)):
        if group:
            target.update(m for m in group.get("members", []) if m.startswith("~"))
    snapshot.assignments = edges_of(
        edges.get(keys.reviewers_assignment_id, []),
        role="reviewer",
        kind="assignment",
        papers=papers,
        snapshot=snapshot,
    ) + edges_of(
        edges.get(keys.area_chairs_assignment_id, []),
        role="area_chair",
        kind="assignment",
        papers=papers,
        snapshot=snapshot,
    )
    snapshot.conflicts = edges_of(
        edges.get(keys.reviewers_conflict_id, []),
        role="reviewer",
        kind="conflict",
        papers=papers,
        snapshot=snapshot,
    ) + edges_of(
        edges.get(keys.area_chairs_conflict_id, []),
        role="area_chair",
        kind="conflict",
        papers=papers,
        snapshot=snapshot,
    )
    snapshot.reviewers |= {e.profile_id for e in snapshot.assignments if e.role == "reviewer"}
    snapshot.reviewers |= {r.reviewer for r in snapshot.reviews}
    return snapshot
