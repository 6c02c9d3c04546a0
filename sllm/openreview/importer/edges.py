"""The importer's edges: assignments and conflicts."""

from sllm.reviewing.models import Assignment, Conflict

from .papers import PaperRows


class EdgeRows(PaperRows):
    """Assignments and conflicts, for the papers this run wrote."""

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
