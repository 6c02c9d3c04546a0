"""Parts of the latest program release, read inside the database.

A release's snapshot holds every slot and poster board of the edition (at 2,000 papers, 700 KB of
JSON). A public page needs a day of it, a page of boards or one paper's slot; the live Q&A needs to
know whether one slot is out: the database picks those out of the JSON (PostgreSQL's SQL/JSON paths,
SQLite's json_each), so no reader loads and parses the whole snapshot. Every part a reader needs comes
with the release itself, in one query. The public site and the live Q&A both read releases here.
"""

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import JSONField, Subquery, UUIDField
from django.db.models.expressions import RawSQL

from ..models import ProgramRelease

# (path into an item, operator, value): an int compares as a number, anything else as text, code point
# by code point (UTC ISO times sort as text); "in" keeps an item equal to one of the values (a non-empty
# tuple), "nonempty" one whose list at the path holds an item (its value is None).
OPERATORS = {"=": "==", ">=": ">=", "<": "<"}
TABLE = ProgramRelease._meta.db_table
SNAPSHOT = f'"{TABLE}"."snapshot"'


@dataclass(frozen=True)
class Part:
    """A piece of the snapshot: the items of snapshot[key] ("slots" or "boards") that match every
    condition of `where`, in snapshot order ("items"), the first of them or None ("first"), the distinct
    values of one `field` of them ("values"), or {poster session: its highest board number} ("extent")."""

    shape: str
    key: str
    where: tuple = ()
    field: str = ""


def items(key: str, where=()) -> Part:
    return Part("items", key, tuple(where))


def first(key: str, where=()) -> Part:
    return Part("first", key, tuple(where))


def values(key: str, field: str, where=()) -> Part:
    return Part("values", key, tuple(where), field)


def board_extent() -> Part:
    return Part("extent", "boards")


def _variable(value):
    return value if isinstance(value, int) else str(value)


def _jsonpath_condition(n: int, path: tuple, operator: str, value, variables: dict) -> str:
    at = "@" + "".join(f".{json.dumps(step)}" for step in path)
    if operator == "nonempty":
        return f"exists({at}[*])"
    if operator == "in":
        assert value, "an empty choice keeps nothing"
        variables.update({f"v{n}_{i}": _variable(one) for i, one in enumerate(value)})
        return "(" + " || ".join(f"{at} == $v{n}_{i}" for i in range(len(value))) + ")"
    variables[f"v{n}"] = _variable(value)
    return f"{at} {OPERATORS[operator]} $v{n}"


def _postgresql(part: Part, snapshot: str = SNAPSHOT) -> tuple[str, list]:
    variables = {}
    conditions = [_jsonpath_condition(n, *condition, variables) for n, condition in enumerate(part.where)]
    query = f"$.{json.dumps(part.key)}[*]" + (f" ? ({' && '.join(conditions)})" if conditions else "")
    if part.shape == "items":
        return f"jsonb_path_query_array({snapshot}, %s::jsonpath, %s::jsonb)", [query, json.dumps(variables)]
    if part.shape == "first":
        return f"jsonb_path_query_first({snapshot}, %s::jsonpath, %s::jsonb)", [query, json.dumps(variables)]
    if part.shape == "values":
        return f"(SELECT jsonb_agg(DISTINCT v) FROM jsonb_path_query({snapshot}, %s::jsonpath, %s::jsonb) v)", [
            f"{query}.{json.dumps(part.field)}",
            json.dumps(variables),
        ]
    return (
        "(SELECT jsonb_object_agg(s, m) FROM (SELECT b ->> 'session' s, max((b ->> 'number')::int) m"
        f" FROM jsonb_path_query({snapshot}, %s::jsonpath, %s::jsonb) b GROUP BY 1) x)",
        [query, json.dumps(variables)],
    )


def _sqlite_condition(path: tuple, operator: str, value) -> tuple[str, list]:
    at = "$." + ".".join(path)
    if operator == "nonempty":
        return "json_array_length(value, %s) > 0", [at]
    choices = value if operator == "in" else (value,)
    assert choices, "an empty choice keeps nothing"
    number = isinstance(choices[0], int)
    field = "json_extract(value, %s)" if number else "CAST(json_extract(value, %s) AS TEXT)"
    if operator == "in":
        return f"{field} IN ({', '.join(['%s'] * len(choices))})", [at, *map(_variable, choices)]
    return f"{field} {operator} %s", [at, _variable(value)]


def _sqlite(part: Part, snapshot: str = SNAPSHOT) -> tuple[str, list]:
    conditions, params = [], []
    for condition in part.where:
        sql, condition_params = _sqlite_condition(*condition)
        conditions.append(sql)
        params += condition_params
    matching = f"FROM json_each({snapshot}, '$.' || %s)" + "".join(
        f" {'WHERE' if n == 0 else 'AND'} {c}" for n, c in enumerate(conditions)
    )
    params = [part.key, *params]
    if part.shape == "items":
        return f"(SELECT json_group_array(json(value)) FROM (SELECT value {matching} ORDER BY key))", params
    if part.shape == "first":
        return f"(SELECT json(value) {matching} ORDER BY key LIMIT 1)", params
    if part.shape == "values":
        return (
            "(SELECT json_group_array(v) FROM"
            f" (SELECT DISTINCT json_extract(value, '$.' || %s) v {matching}) WHERE v IS NOT NULL)",
            [part.field, *params],
        )
    return (
        "(SELECT json_group_object(s, m) FROM (SELECT json_extract(value, '$.session') s,"
        f" max(json_extract(value, '$.number')) m {matching} GROUP BY 1))",
        params,
    )


def release_head(*, edition, **parts: Part) -> ProgramRelease | None:
    """The latest release without its snapshot and changes; each named part of its snapshot comes in the
    same query as an attribute of that name (a list, an item or None, or a {session: number} dict)."""
    latest = ProgramRelease.objects.filter(edition=edition).order_by("-number").values("pk")[:1]
    sql = _postgresql if connection.vendor == "postgresql" else _sqlite
    annotations = {name: RawSQL(*sql(part), output_field=JSONField()) for name, part in parts.items()}
    release = ProgramRelease.objects.filter(pk=Subquery(latest)).defer("snapshot", "changes").annotate(**annotations)
    found = release.first()
    if found is not None:
        for name, part in parts.items():
            value = getattr(found, name)
            if part.shape in ("items", "values") and value is None:
                setattr(found, name, [])
            elif part.shape == "extent":
                setattr(found, name, {int(session): int(number) for session, number in (value or {}).items()})
    return found


def _latest(edition, part: Part) -> tuple[str, list]:
    sql = _postgresql if connection.vendor == "postgresql" else _sqlite
    picked, params = sql(part, snapshot="r.snapshot")
    return f"(SELECT {picked} FROM {TABLE} r WHERE r.edition_id = %s ORDER BY r.number DESC LIMIT 1)", [
        *params,
        edition.pk,
    ]


def latest_release_part(*, edition, part: Part) -> RawSQL:
    """`part` of the edition's latest release as an expression, to annotate any query of the page with
    (None, or [] for a list, where nothing is released)."""
    return RawSQL(*_latest(edition, part), output_field=JSONField())


def latest_release_uid(*, edition, part: Part) -> RawSQL:
    """The uid of the item that `part` (a "first" part) picks from the edition's latest release, as a
    UUID column holds it (SQLite's without dashes), to filter the model it was taken from."""
    assert part.shape == "first"
    sql, params = _latest(edition, part)
    if connection.vendor == "postgresql":
        return RawSQL(f"(({sql}) ->> 'uid')::uuid", params, output_field=UUIDField())
    return RawSQL(f"replace(json_extract({sql}, '$.uid'), '-', '')", params, output_field=UUIDField())
