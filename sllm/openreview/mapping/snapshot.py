"""One sync's whole Snapshot: the submissions, their forums, the committees and the edges."""

from collections.abc import Iterable, Mapping

from .data import EdgeData, PaperData, Snapshot, SyncOptions
from .notes import anonymous_members, paper_from_note, replies_of
from .venue import venue_keys


def edges_of(
    edges: Iterable[dict], *, role: str, kind: str, papers: Mapping[str, object], snapshot: Snapshot
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
            f"{unknown} {role.replace('_', ' ')} {kind} edge(s) point at no synced submission or no profile; ignored."
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
                f"Submission {paper.number} ({paper.note_id}): the number is taken by another submission; skipped."
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
