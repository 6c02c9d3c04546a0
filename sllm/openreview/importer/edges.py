"""The importer's edges: assignments and conflicts."""

from sllm.reviewing.models import Assignment, Conflict

from .context import ImportContext
from .rows import existing_rows, fit, upsert_rows


def _edges(ctx: ImportContext, kind: str, model, edges: list, key: tuple[str, ...], fields, values_of) -> None:
    """Assignments or conflicts: one row per key, the edge's values (a tuple of `fields`) on it."""
    existing = existing_rows(ctx, model, key, fields)
    wanted: dict[tuple, tuple] = {}
    papers, users, n = ctx.papers, ctx.users, len(key)
    for edge in edges:
        paper_id, user_id = papers.get(edge.paper_note_id), users.get(edge.profile_id)
        if paper_id is not None and user_id is not None:
            wanted.setdefault((paper_id, user_id, edge.role)[:n], values_of(edge))
    upsert_rows(
        ctx,
        kind,
        model,
        key=key,
        existing=existing,
        wanted=wanted,
        fields=fields,
        # Rows without an edge id were made here and are not on OpenReview (yet): it cannot speak for them.
        stale_if=lambda values: bool(values[0]),
    )


def import_assignments(ctx: ImportContext) -> None:
    """Reviewer and area-chair assignments of the processed papers, keyed by (paper, user, role)."""
    _edges(
        ctx,
        "assignments",
        Assignment,
        ctx.snapshot.assignments,
        ("paper_id", "reviewer_id", "role"),
        ("openreview_edge_id",),
        lambda edge: (edge.edge_id,),
    )


def import_conflicts(ctx: ImportContext) -> None:
    """Conflicts of the processed papers, keyed by (paper, reviewer); disclosures made here stay."""
    _edges(
        ctx,
        "conflicts",
        Conflict,
        ctx.snapshot.conflicts,
        ("paper_id", "reviewer_id"),
        ("openreview_edge_id", "label"),
        lambda edge: (edge.edge_id, fit(Conflict, "label", edge.label)),
    )
