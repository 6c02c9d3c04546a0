"""The edges of a venue as a sync's plain data (fetch.py reads the rest page by page)."""

from collections.abc import Iterable, Iterator, Mapping

from .data import EdgeData, Snapshot


def edges_of(
    edges: Iterable[dict], *, role: str, kind: str, papers: Mapping[str, object], snapshot: Snapshot
) -> Iterator[EdgeData]:
    """The live edges that join a synced paper to a profile, one at a time; a warning counts the others."""
    unknown = 0
    for edge in edges:
        if edge.get("ddate"):
            continue
        if edge.get("head") not in papers or not str(edge.get("tail") or "").startswith("~"):
            unknown += 1
            continue
        yield EdgeData(
            edge_id=edge["id"],
            paper_note_id=edge["head"],
            profile_id=edge["tail"],
            role=role,
            label=str(edge.get("label") or ("Conflict" if kind == "conflict" else "")),
        )
    if unknown:
        snapshot.warnings.append(
            f"{unknown} {role.replace('_', ' ')} {kind} edge(s) point at no synced submission or no profile; ignored."
        )
