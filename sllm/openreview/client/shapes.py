"""openreview-py's objects, or the API's JSON, as the plain dicts the rest of the platform reads."""


def _note_json(note: dict) -> dict:
    """A note of the API's JSON as the platform reads it: the fields openreview-py's Note keeps that the
    platform uses, the lists and dicts never None."""
    return {
        "id": note.get("id"),
        "number": note.get("number"),
        "forum": note.get("forum"),
        "replyto": note.get("replyto"),
        "invitations": note.get("invitations") or [],
        "signatures": note.get("signatures") or [],
        "readers": note.get("readers") or [],
        "content": note.get("content") or {},
        "details": note.get("details") or {},
        "cdate": note.get("cdate"),
        "tcdate": note.get("tcdate"),
        "mdate": note.get("mdate"),
        "tmdate": note.get("tmdate"),
        "ddate": note.get("ddate"),
    }


def _edge(edge) -> dict:
    return {
        "id": edge.id,
        "invitation": edge.invitation,
        "head": edge.head,
        "tail": edge.tail,
        "weight": edge.weight,
        "label": edge.label,
        "ddate": edge.ddate,
        "tmdate": edge.tmdate,
        "cdate": edge.cdate,
    }


def _group(group) -> dict:
    return {
        "id": group.id,
        "members": list(group.members or []),
        "anonids": bool(group.anonids),
        "content": {k: (v.get("value") if isinstance(v, dict) else v) for k, v in (group.content or {}).items()},
    }


def _profile(profile) -> dict:
    content = profile.content or {}
    names = content.get("names") or [{}]
    preferred = next((n for n in names if n.get("preferred")), names[0])
    return {
        "id": profile.id,
        "fullname": preferred.get("fullname") or profile.id.strip("~").replace("_", " "),
        "preferred_email": content.get("preferredEmail") or "",
    }


EDGE_FIELDS = ("id", "invitation", "head", "tail", "weight", "label", "ddate", "tmdate", "cdate")


def _edge_json(edge: dict) -> dict:
    """An edge as `_edge` gives it, from the API's JSON instead of an openreview-py Edge."""
    return {name: edge.get(name) for name in EDGE_FIELDS}
