"""openreview-py's objects, or the API's JSON, as the plain dicts the rest of the platform reads."""

import json
import re
from collections.abc import Iterator


def _note(note) -> dict:
    return {
        "id": note.id,
        "number": note.number,
        "forum": note.forum,
        "replyto": note.replyto,
        "invitations": note.invitations or [],
        "signatures": note.signatures or [],
        "readers": note.readers or [],
        "content": note.content or {},
        "details": note.details or {},
        "cdate": note.cdate,
        "tcdate": note.tcdate,
        "mdate": note.mdate,
        "tmdate": note.tmdate,
        "ddate": note.ddate,
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
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"\s*")


def _edge_json(edge: dict) -> dict:
    """An edge as `_edge` gives it, from the API's JSON instead of an openreview-py Edge."""
    return {name: edge.get(name) for name in EDGE_FIELDS}


def items_of(text: str, key: str) -> Iterator:
    """The items of the list under `key` of a JSON object, decoded one at a time.

    A streamed listing (`stream=true`) answers every match in one body: decoded whole, tens of thousands
    of dicts live at once; decoded item by item, only the body and what the caller keeps of each item."""

    def skip(i: int) -> int:
        return _SPACE.match(text, i).end()

    def expect(i: int, char: str) -> int:
        if text[i] != char:
            raise ValueError(f"expected {char!r} at {i}, found {text[i : i + 20]!r}")
        return skip(i + 1)

    i = expect(skip(0), "{")
    while text[i] != "}":
        name, i = _DECODER.raw_decode(text, i)
        i = expect(skip(i), ":")
        if name == key:
            i = expect(i, "[")
            while text[i] != "]":
                item, i = _DECODER.raw_decode(text, i)
                yield item
                i = skip(i)
                if text[i] == ",":
                    i = skip(i + 1)
            i = skip(i + 1)
        else:
            _, i = _DECODER.raw_decode(text, i)
            i = skip(i)
        if text[i] == ",":
            i = skip(i + 1)
