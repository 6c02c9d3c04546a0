"""Submissions and their forum replies, from notes to plain data.

Reviews are told apart by invitation suffix and de-anonymised through the anonymous groups.
"""

from collections.abc import Iterable

from .data import DecisionData, MetaReviewData, PaperData, ReviewData, Snapshot, SyncOptions
from .values import is_yes, parse_score, student_flag, value_of, was_edited
from .venue import VenueKeys, status_of


def anonymous_members(groups: Iterable[dict]) -> dict[str, str]:
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


def paper_from_note(note: dict, keys: VenueKeys, options: SyncOptions, warnings: list[str]) -> PaperData | None:
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
        title=title.strip(),
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
                    f"{label}: review {reply.get('id')} signed by {signature!r}, which maps to no profile; skipped."
                )
                continue
            rating = parse_score(value_of(content, keys.review_rating))
            confidence = parse_score(value_of(content, keys.review_confidence))
            for name, value, parsed in (
                (keys.review_rating, value_of(content, keys.review_rating), rating),
                (keys.review_confidence, value_of(content, keys.review_confidence), confidence),
            ):
                if parsed is None:
                    snapshot.warnings.append(f"{label}: review {reply.get('id')} has no usable {name} ({value!r}).")
            snapshot.reviews.append(
                ReviewData(
                    note_id=reply["id"],
                    paper_note_id=paper.note_id,
                    reviewer=person,
                    number=reply.get("number"),
                    rating=rating,
                    confidence=confidence,
                    nominate_for_oral=is_yes(value_of(content, options.nomination_field), options.nomination_yes),
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
                snapshot.warnings.append(f"{label}: decision {reply.get('id')} has no {keys.decision_field_name}.")
                continue
            snapshot.decisions.append(DecisionData(note_id=reply["id"], paper_note_id=paper.note_id, decision=decision))
