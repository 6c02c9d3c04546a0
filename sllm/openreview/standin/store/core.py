"""The store's state: entities by kind, who may read what, and the paging every list route shares."""

import copy
import json
import threading
import time
from pathlib import Path

from .. import ids
from .common import KINDS, MAX_LIMIT, ApiError, _Desc, _int_param, _true


class StoreCore:
    """Entities by kind and id, loaded from fixture files; a lock guards every read and write."""

    def __init__(self, secret: str | None = None):
        self.lock = threading.RLock()
        self.entities: dict[str, dict[str, dict]] = {kind: {} for kind in KINDS}
        self.secret = secret or ids.random_id(32)
        self.clock_offset_ms = 0
        self._version = 0
        self._index_version = -1
        self._forum_index: dict[str, list[str]] = {}
        # Note ids by invitation: a venue's submissions are a quarter of its notes, and every page reads them.
        self._invitation_index: dict[str, list[str]] = {}
        self._parents: dict[str, set[str]] = {}

    # ---- loading and seeding -------------------------------------------------------------------

    def load_dir(self, directory: str | Path) -> None:
        directory = Path(directory)
        for kind in KINDS:
            path = directory / f"{kind}.json"
            if path.exists():
                for entity in json.loads(path.read_text()):
                    self.upsert(kind, entity)

    def upsert(self, kind: str, entity: dict) -> dict:
        if kind not in KINDS:
            raise ApiError(400, "ValidationError", f"unknown entity kind {kind}")
        key = self._key(kind, entity)
        with self.lock:
            self.entities[kind][key] = copy.deepcopy(entity)
            self._version += 1
        return entity

    def soft_delete(self, kind: str, entity_id: str, ddate: int | None = None) -> None:
        with self.lock:
            entity = self.entities[kind].get(entity_id)
            if entity is None:
                raise ApiError(404, "NotFoundError", f"{kind} {entity_id} was not found")
            entity["ddate"] = ddate or self.now_ms()
            entity["tmdate"] = self.now_ms()
            self._version += 1

    @staticmethod
    def _key(kind: str, entity: dict) -> str:
        if kind == "users":
            return entity["id"].lower()
        return entity["id"]

    def now_ms(self) -> int:
        return int(time.time() * 1000) + self.clock_offset_ms

    # ---- indexes and membership ------------------------------------------------------------------

    def _reindex(self) -> None:
        if self._index_version == self._version:
            return
        forum: dict[str, list[str]] = {}
        by_invitation: dict[str, list[str]] = {}
        for note in self.entities["notes"].values():
            if note.get("forum") and note.get("forum") != note["id"]:
                forum.setdefault(note["forum"], []).append(note["id"])
            for invitation in note.get("invitations") or []:
                by_invitation.setdefault(invitation, []).append(note["id"])
        parents: dict[str, set[str]] = {}
        for group in self.entities["groups"].values():
            if group.get("ddate"):
                continue
            for member in group.get("members") or []:
                parents.setdefault(member, set()).add(group["id"])
        self._forum_index, self._parents, self._invitation_index = forum, parents, by_invitation
        self._index_version = self._version

    def caller_groups(self, *, user_id: str | None, profile_id: str | None) -> set[str]:
        """Every group the caller belongs to, transitively, plus 'everyone'."""
        with self.lock:
            self._reindex()
            start = {x for x in (user_id, profile_id) if x}
            seen = set(start)
            frontier = list(start)
            while frontier:
                for parent in self._parents.get(frontier.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        frontier.append(parent)
            return seen | {"everyone", "(authenticated)"}

    @staticmethod
    def _readable(entity: dict, caller: set[str]) -> bool:
        readers = entity.get("readers")
        if readers is None:
            return True
        if not ("everyone" in readers or any(r in caller for r in readers)):
            return False
        return not any(r in caller for r in entity.get("nonreaders") or [])

    @classmethod
    def _visible_content(cls, entity: dict, caller: set[str]) -> dict:
        """The entity with every content field the caller may not read left out."""
        content = entity.get("content")
        if not content or not any(isinstance(f, dict) and "readers" in f for f in content.values()):
            return entity
        out = dict(entity)
        out["content"] = {
            name: field
            for name, field in content.items()
            if not (isinstance(field, dict) and "readers" in field) or cls._readable(field, caller)
        }
        return out

    # ---- paging shared by every listing --------------------------------------------------------------

    def _page(self, items: list[dict], params: dict, *, kind: str, default_sort: str) -> tuple[list[dict], dict]:
        limit = _int_param(params, "limit")
        if limit is not None and limit > MAX_LIMIT:
            raise ApiError(
                400,
                "ValidationError",
                "limit must be <= 1000",
                {"path": "limit", "comparison": "<=", "limit": MAX_LIMIT, "invalidValue": limit},
            )
        offset = _int_param(params, "offset")
        sort = params.get("sort") or default_sort
        field, _, direction = sort.partition(":")
        desc = direction.lower() == "desc"

        def order(entity: dict):
            if field == "id":
                value = (entity["id"],)
            elif field == "replyCount":
                value = (0, len(self._forum_index.get(entity["id"], ())), entity["id"])
            else:
                raw = entity.get(field)
                value = (raw is None, raw if raw is not None else 0, entity["id"])
            return _Desc(value) if desc else value

        ordered = sorted(items, key=order)
        total = len(ordered)
        after = params.get("after")
        if after:
            positions = {entity["id"]: index for index, entity in enumerate(ordered)}
            if after in positions:
                ordered = ordered[positions[after] + 1 :]
            else:
                anchor = self.entities[kind].get(after)
                ordered = [e for e in ordered if anchor is not None and order(anchor) < order(e)]
        if not _true(params.get("stream")):
            start = offset or 0
            ordered = ordered[start : start + (MAX_LIMIT if limit is None else limit)]
        extra = {}
        count_param = params.get("count")
        if count_param is not None and not _true(count_param):
            pass
        elif _true(count_param) or offset is not None:
            extra["count"] = total
        return ordered, extra
