"""Parts of the latest program release, read inside the database.

A release's snapshot holds every slot and poster board of the edition (at 2,000 papers, 700 KB of
JSON). A public page needs a day of it, a page of boards or one paper's slot: the database picks
those out of the JSON (PostgreSQL's jsonb functions, SQLite's json_each), so a page never loads and
parses the whole snapshot.
"""

import json

from django.db import connection

from sllm.program.models import ProgramRelease

# (path into an item, operator, value): an int compares as a number, anything else as text, byte by
# byte (UTC ISO times sort as text).
OPERATORS = {"=", ">=", "<"}


def release_head(*, edition) -> ProgramRelease | None:
    """The latest release without its snapshot and changes."""
    return ProgramRelease.objects.filter(edition=edition).defer("snapshot", "changes").order_by("-number").first()


def _item_sql(release, key: str, where) -> tuple[str, list]:
    """FROM and WHERE over the items of snapshot[key] that match `where`, with their parameters."""
    table = ProgramRelease._meta.db_table
    conditions, params = [], []
    postgres = connection.vendor == "postgresql"
    for path, operator, value in list(where):
        assert operator in OPERATORS
        number = isinstance(value, int)
        if postgres:
            field = "(t.item #>> %s)::bigint" if number else '(t.item #>> %s) COLLATE "C"'
            params.append("{" + ",".join(path) + "}")
        else:
            field = "json_extract(t.value, %s)" if number else "CAST(json_extract(t.value, %s) AS TEXT)"
            params.append("$." + ".".join(path))
        conditions.append(f"{field} {operator} %s")
        params.append(value if number else str(value))
    where_sql = "".join(f" AND {c}" for c in conditions)
    if postgres:
        source = f"{table} r CROSS JOIN LATERAL jsonb_array_elements(r.snapshot -> %s) WITH ORDINALITY AS t(item, i)"
    else:
        source = f"{table} r, json_each(r.snapshot, '$.' || %s) t"  # t.value, t.key
    return f"FROM {source} WHERE r.id = %s{where_sql}", [key, release.pk, *params]


def _rows(release, key: str, where, *, select: tuple[str, str], params=(), tail: str = "") -> list[tuple]:
    """Runs SELECT (PostgreSQL's form, SQLite's form) over the matching items of snapshot[key]."""
    sql, item_params = _item_sql(release, key, where)
    chosen = select[0] if connection.vendor == "postgresql" else select[1]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {chosen} {sql}{tail}", [*params, *item_params])
        return cursor.fetchall()


def release_items(*, release, key: str, where=(), limit: int | None = None) -> list[dict]:
    """The items of snapshot[key] ("slots" or "boards") that match every condition, in snapshot order."""
    order = " ORDER BY t.i" if connection.vendor == "postgresql" else " ORDER BY t.key"
    tail = order + (f" LIMIT {int(limit)}" if limit is not None else "")
    rows = _rows(release, key, where, select=("t.item", "t.value"), tail=tail)
    return [item if isinstance(item, dict) else json.loads(item) for (item,) in rows]


def release_values(*, release, key: str, field: str, where=()) -> list[str]:
    """The distinct values (as text) of one field of snapshot[key]'s items."""
    select = ("DISTINCT t.item ->> %s", "DISTINCT CAST(json_extract(t.value, '$.' || %s) AS TEXT)")
    rows = _rows(release, key, where, select=select, params=[field])
    return sorted(value for (value,) in rows if value is not None)


def release_board_extent(*, release) -> dict[int, int]:
    """{poster session: its highest board number}."""
    select = (
        "(t.item ->> 'session')::int, max((t.item ->> 'number')::int)",
        "json_extract(t.value, '$.session'), max(json_extract(t.value, '$.number'))",
    )
    rows = _rows(release, "boards", (), select=select, tail=" GROUP BY 1")
    return {int(session): int(number) for session, number in rows}
