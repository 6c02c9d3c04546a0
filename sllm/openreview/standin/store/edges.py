"""Reads of edges (plain, grouped, counted) and the edge writes the platform makes."""

from .. import ids
from .common import ApiError, _int_param, _project, _true


class EdgesMixin:
    def _edges_matching(self, params: dict, caller: set[str]) -> list[dict]:
        trash = _true(params.get("trash"))
        found = []
        for edge in self.entities["edges"].values():
            if edge.get("ddate") and not trash:
                continue
            if any(
                params.get(name) and str(edge.get(name)) != params[name]
                for name in ("id", "invitation", "head", "tail", "label", "domain")
            ):
                continue
            if self._readable(edge, caller):
                found.append(edge)
        return found

    def get_edges(self, params: dict, caller: set[str]) -> dict:
        with self.lock:
            group_by = params.get("groupBy")
            narrowing = ("id", "head", "tail", "groupBy", "stream", "signatures")
            if params.get("invitation") and not any(params.get(name) for name in narrowing):
                raise ApiError(
                    400,
                    "ValidationError",
                    "Edges of an invitation must be narrowed by id, head, tail, groupBy or stream",
                    {"path": "invitation"},
                )
            edges = self._edges_matching(params, caller)
            if group_by:
                return {"groupedEdges": self._grouped(edges, params)}
            page, extra = self._page(edges, params, kind="edges", default_sort="id")
            return {"edges": [_project(e, params.get("select")) for e in page], **extra}

    @staticmethod
    def _grouped(edges: list[dict], params: dict) -> list[dict]:
        fields = [f.strip() for f in params["groupBy"].split(",") if f.strip()]
        select = params.get("select") or "id"
        groups: dict[tuple, list[dict]] = {}
        for edge in edges:
            groups.setdefault(tuple(edge.get(f) for f in fields), []).append(_project(edge, select))
        out = [
            {"id": dict(zip(fields, key, strict=True)), "values": values, "count": len(values)}
            for key, values in sorted(groups.items(), key=lambda item: [str(v) for v in item[0]])
        ]
        offset = _int_param(params, "offset") or 0
        limit = _int_param(params, "limit")
        return out[offset:] if limit is None else out[offset : offset + limit]

    def count_edges(self, params: dict, caller: set[str]) -> dict:
        with self.lock:
            return {"count": len(self._edges_matching(params, caller))}

    def post_edge(self, body: dict, *, caller: set[str], author: str) -> dict:
        with self.lock:
            for name in ("invitation", "head", "tail"):
                if not body.get(name):
                    raise ApiError(400, "ValidationError", f"{name} cannot be empty or missing", {"path": name})
            invitation = self.entities["invitations"].get(body["invitation"])
            if invitation is None:
                raise ApiError(404, "NotFoundError", f"The Invitation {body['invitation']} was not found")
            signatures = body.get("signatures") or []
            if not signatures or not all(s in caller for s in signatures):
                raise ApiError(403, "ForbiddenError", "The signatures of this edge are not groups you may sign for")
            now = self.now_ms()
            existing = self.entities["edges"].get(body.get("id") or "")
            if body.get("id") and existing is None:
                raise ApiError(404, "NotFoundError", f"The Edge {body['id']} was not found")
            edge = (
                dict(existing)
                if existing
                else {
                    "id": ids.edge_id(),
                    "cdate": body.get("cdate") or now,
                    "tcdate": now,
                    "domain": invitation.get("domain"),
                }
            )
            for name in (
                "invitation",
                "head",
                "tail",
                "weight",
                "label",
                "readers",
                "nonreaders",
                "writers",
                "signatures",
                "ddate",
            ):
                if name in body:
                    edge[name] = body[name]
            edge["tmdate"] = now
            edge["tauthor"] = author
            self.entities["edges"][edge["id"]] = edge
            self._version += 1
            return dict(edge)

    # ---- profiles --------------------------------------------------------------------------------------
