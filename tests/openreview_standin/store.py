"""The stand-in's state and its read/write semantics, independent of HTTP.

Each public method takes the parsed query (a dict of strings) and the caller's transitive groups and
returns the JSON body the API would answer, or raises ApiError with the API's error body.
"""

import copy
import json
import threading
import time
from pathlib import Path

from . import ids

KINDS = ("groups", "invitations", "notes", "edges", "profiles", "users")
MAX_LIMIT = 1000
NOTE_SORT_FIELDS = {"number", "cdate", "tcdate", "tmdate", "mdate", "ddate", "replyCount", "id"}


class ApiError(Exception):
    def __init__(self, status: int, name: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.status = status
        self.name = name
        self.message = message
        self.details = details or {}

    def body(self, req_id: str) -> dict:
        return {
            "name": self.name,
            "message": self.message,
            "status": self.status,
            "details": {**self.details, "reqId": req_id},
        }


def _true(value) -> bool:
    return str(value).lower() == "true"


def _int_param(params: dict, name: str) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ApiError(
            400, "ValidationError", f"{name} must be an integer", {"path": name, "invalidValue": raw}
        ) from None


def _project(entity: dict, select: str | None) -> dict:
    """Keeps only the selected fields (`id`, `content.venueid`, ...)."""
    if not select:
        return entity
    out: dict = {}
    for path in (part.strip() for part in select.split(",") if part.strip()):
        head, _, rest = path.partition(".")
        if head not in entity:
            continue
        if rest and isinstance(entity[head], dict):
            inner = _project(entity[head], rest)
            out.setdefault(head, {}).update(inner)
        else:
            out[head] = entity[head]
    return out


class _Desc:
    """Inverts the ordering of any comparable value, so one key function serves both directions."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        return other.value < self.value

    def __eq__(self, other):
        return self.value == other.value


class Store:
    def __init__(self, secret: str | None = None):
        self.lock = threading.RLock()
        self.entities: dict[str, dict[str, dict]] = {kind: {} for kind in KINDS}
        self.secret = secret or ids.random_id(32)
        self.clock_offset_ms = 0
        self._version = 0
        self._index_version = -1
        self._forum_index: dict[str, list[str]] = {}
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
        for note in self.entities["notes"].values():
            if note.get("forum") and note.get("forum") != note["id"]:
                forum.setdefault(note["forum"], []).append(note["id"])
        parents: dict[str, set[str]] = {}
        for group in self.entities["groups"].values():
            if group.get("ddate"):
                continue
            for member in group.get("members") or []:
                parents.setdefault(member, set()).add(group["id"])
        self._forum_index, self._parents = forum, parents
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

    def _page(
        self, items: list[dict], params: dict, *, kind: str, default_sort: str
    ) -> tuple[list[dict], dict]:
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

    # ---- notes -----------------------------------------------------------------------------------

    def get_notes(self, params: dict, caller: set[str]) -> dict:
        with self.lock:
            self._reindex()
            trash = _true(params.get("trash"))
            note_id = params.get("id")
            if note_id:
                note = self.entities["notes"].get(note_id)
                if note is None or (note.get("ddate") and not trash):
                    raise ApiError(404, "NotFoundError", f"The Note {note_id} was not found")
                if not self._readable(note, caller):
                    raise ApiError(
                        403, "ForbiddenError", f"You do not have permission to read the Note {note_id}"
                    )
                candidates = [note]
            else:
                candidates = [n for n in self.entities["notes"].values() if trash or not n.get("ddate")]
            candidates = [
                n for n in candidates if self._note_matches(n, params) and self._readable(n, caller)
            ]
            page, extra = self._page(candidates, params, kind="notes", default_sort="number:asc")
            details = {d.strip() for d in (params.get("details") or "").split(",") if d.strip()}
            notes = [self._note_out(n, caller, details, params.get("select")) for n in page]
            return {"notes": notes, **extra}

    @staticmethod
    def _note_matches(note: dict, params: dict) -> bool:
        invitation = params.get("invitation")
        if invitation and invitation not in (note.get("invitations") or []):
            return False
        for name in ("forum", "replyto", "domain"):
            if params.get(name) and note.get(name) != params[name]:
                return False
        if params.get("number") and str(note.get("number")) != params["number"]:
            return False
        if params.get("signature") and params["signature"] not in (note.get("signatures") or []):
            return False
        content = note.get("content") or {}
        for key, wanted in params.items():
            if not key.startswith("content."):
                continue
            field = content.get(key[len("content.") :])
            value = field.get("value") if isinstance(field, dict) else None
            values = value if isinstance(value, list) else [value]
            if not any(_as_param(v) == wanted for v in values):
                return False
        return True

    def _note_out(self, note: dict, caller: set[str], details: set[str], select: str | None) -> dict:
        out = self._visible_content(note, caller)
        out = {**out, "version": 2}
        if details & {"replies", "directReplies", "replyCount", "directReplyCount"}:
            replies = [
                self._visible_content(self.entities["notes"][reply_id], caller)
                for reply_id in self._forum_index.get(note["id"], ())
                if not self.entities["notes"][reply_id].get("ddate")
                and self._readable(self.entities["notes"][reply_id], caller)
            ]
            replies = [{**reply, "version": 2} for reply in replies]
            direct = [reply for reply in replies if reply.get("replyto") == note["id"]]
            out_details: dict = {}
            if "replies" in details:
                out_details["replies"] = replies
            if "directReplies" in details:
                out_details["directReplies"] = direct
            if "replyCount" in details:
                out_details["replyCount"] = len(replies)
            if "directReplyCount" in details:
                out_details["directReplyCount"] = len(direct)
            out["details"] = out_details
        return _project(out, select)

    # ---- groups, invitations -----------------------------------------------------------------------

    def get_groups(self, params: dict, caller: set[str]) -> dict:
        with self.lock:
            self._reindex()
            trash = _true(params.get("trash"))
            group_id = params.get("id")
            if group_id:
                group = self.entities["groups"].get(group_id)
                if group is None or (group.get("ddate") and not trash):
                    raise ApiError(404, "NotFoundError", f"Group Not Found: {group_id}")
                if not self._readable(group, caller):
                    raise ApiError(
                        403, "ForbiddenError", f"You do not have permission to read the Group {group_id}"
                    )
                candidates = [group]
            else:
                candidates = [g for g in self.entities["groups"].values() if trash or not g.get("ddate")]
            member = params.get("member")
            member_of = self.caller_groups(user_id=member, profile_id=None) if member else None
            filtered = []
            for group in candidates:
                if params.get("prefix") and not group["id"].startswith(params["prefix"]):
                    continue
                if params.get("parent") and group.get("parent") != params["parent"]:
                    continue
                if params.get("members") and params["members"] not in (group.get("members") or []):
                    continue
                if params.get("signatory") and params["signatory"] not in (group.get("signatories") or []):
                    continue
                if params.get("domain") and group.get("domain") != params["domain"]:
                    continue
                if member_of is not None and group["id"] not in member_of:
                    continue
                if self._readable(group, caller):
                    filtered.append(self._visible_content(group, caller))
            page, extra = self._page(filtered, params, kind="groups", default_sort="id")
            return {"groups": [_project(g, params.get("select")) for g in page], **extra}

    def get_invitations(self, params: dict, caller: set[str]) -> dict:
        with self.lock:
            invitation_id = params.get("id")
            if invitation_id:
                invitation = self.entities["invitations"].get(invitation_id)
                if invitation is None or invitation.get("ddate"):
                    raise ApiError(404, "NotFoundError", f"The Invitation {invitation_id} was not found")
                candidates = [invitation]
            else:
                candidates = [i for i in self.entities["invitations"].values() if not i.get("ddate")]
            filtered = [
                i
                for i in candidates
                if (not params.get("prefix") or i["id"].startswith(params["prefix"]))
                and (not params.get("domain") or i.get("domain") == params["domain"])
                and (not params.get("invitation") or params["invitation"] in (i.get("invitations") or []))
                and self._readable(i, caller)
            ]
            if invitation_id and not filtered:
                raise ApiError(
                    403,
                    "ForbiddenError",
                    f"You do not have permission to read the Invitation {invitation_id}",
                )
            page, extra = self._page(filtered, params, kind="invitations", default_sort="id")
            return {"invitations": page, **extra}

    # ---- edges ---------------------------------------------------------------------------------------

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
                    raise ApiError(
                        400, "ValidationError", f"{name} cannot be empty or missing", {"path": name}
                    )
            invitation = self.entities["invitations"].get(body["invitation"])
            if invitation is None:
                raise ApiError(404, "NotFoundError", f"The Invitation {body['invitation']} was not found")
            signatures = body.get("signatures") or []
            if not signatures or not all(s in caller for s in signatures):
                raise ApiError(
                    403, "ForbiddenError", "The signatures of this edge are not groups you may sign for"
                )
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

    @staticmethod
    def _obfuscate(profile: dict, caller_profile: str | None) -> dict:
        if profile["id"] == caller_profile:
            return profile
        out = copy.deepcopy(profile)
        content = out.get("content", {})

        def hide(email: str) -> str:
            return "****@" + email.split("@")[-1]

        for key in ("emails", "emailsConfirmed"):
            if key in content:
                content[key] = [hide(e) for e in content[key]]
        if content.get("preferredEmail"):
            content["preferredEmail"] = hide(content["preferredEmail"])
        return out

    def _profile_emails(self, profile: dict) -> set[str]:
        content = profile.get("content", {})
        return {e.lower() for e in content.get("emails", []) + content.get("emailsConfirmed", [])}

    def get_profiles(self, params: dict, caller_profile: str | None) -> dict:
        with self.lock:
            profiles = list(self.entities["profiles"].values())
            if params.get("id"):
                wanted = {p.strip() for p in params["id"].split(",")}
                profiles = [p for p in profiles if p["id"] in wanted]
            if params.get("email"):
                email = params["email"].lower()
                profiles = [p for p in profiles if email in self._profile_emails(p)]
            page, extra = self._page(profiles, params, kind="profiles", default_sort="id")
            return {"profiles": [self._obfuscate(p, caller_profile) for p in page], **extra}

    def search_profiles(self, body: dict, params: dict, caller_profile: str | None) -> dict:
        with self.lock:
            profiles = list(self.entities["profiles"].values())
            if body.get("ids") is not None:
                wanted = set(body["ids"])
                return {
                    "profiles": [self._obfuscate(p, caller_profile) for p in profiles if p["id"] in wanted]
                }
            if body.get("emails") is not None:
                out = []
                for email in (e.lower() for e in body["emails"]):
                    for profile in profiles:
                        if email in self._profile_emails(profile):
                            out.append({**self._obfuscate(profile, caller_profile), "email": email})
                return {"profiles": out}
            if body.get("confirmedEmails") is not None:
                out = []
                for email in (e.lower() for e in body["confirmedEmails"]):
                    for profile in profiles:
                        confirmed = {e.lower() for e in profile.get("content", {}).get("emailsConfirmed", [])}
                        if email in confirmed:
                            out.append(
                                {**self._obfuscate(profile, caller_profile), "confirmedEmails": [email]}
                            )
                return {"profiles": out}
            term = (params.get("term") or params.get("fullname") or "").lower()
            found = [
                p
                for p in profiles
                if term
                and (
                    term in p["id"].lower()
                    or any(
                        term in (n.get("fullname") or "").lower()
                        for n in p.get("content", {}).get("names", [])
                    )
                )
            ]
            return {"profiles": [self._obfuscate(p, caller_profile) for p in found]}

    # ---- users -------------------------------------------------------------------------------------

    def check_login(self, user_id: str | None, password: str | None) -> dict:
        for name, value in (("id", user_id), ("password", password)):
            if not value:
                raise ApiError(400, "ValidationError", f"{name} cannot be empty or missing", {"path": name})
        with self.lock:
            user = self.entities["users"].get(user_id.lower())
            if user is None or user.get("password") != password:
                raise ApiError(400, "InvalidCredentialsError", "Invalid username or password")
            profile = self.entities["profiles"].get(user.get("profile", {}).get("id", ""))
            summary = {
                "id": user["profile"]["id"],
                "usernames": [user["profile"]["id"]],
                "preferredId": user["profile"]["id"],
                "state": "Active",
            }
            if profile:
                names = profile.get("content", {}).get("names", [{}])
                summary.update(
                    fullname=names[0].get("fullname", ""),
                    emails=profile.get("content", {}).get("emails", []),
                    preferredEmail=profile.get("content", {}).get("preferredEmail", ""),
                )
            return {"id": user["id"], "profile": summary}


def _as_param(value) -> str:
    """How a content value reads in a query string: booleans as true/false, the rest as str."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
