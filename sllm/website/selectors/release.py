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


def _item_sql(key: str, where: list[tuple[tuple[str, ...], str, object]]) -> tuple[str, list]:
    table = ProgramRelease._meta.db_table
    conditions, params = [], []
    postgres = connection.vendor == "postgresql"
    for path, operator, value in where:
        assert operator in OPERATORS
        number = isinstance(value, int)
        if postgres:
            field = "(t.item #>> %s)::bigint" if number else '(t.item #>> %s) COLLATE "C"'
            params.append("{" + ",".join(path) + "}")
        else:
            field = "json_extract(t.item, %s)" if number else "CAST(json_extract(t.item, %s) AS TEXT)"
            params.append("$." + ".".join(path))
        conditions.append(f"{field} {operator} %s")
        params.append(value if number else str(value))
    where_sql = "".join(f" AND {c}" for c in conditions)
    if postgres:
        source = f"{table} r CROSS JOIN LATERAL jsonb_array_elements(r.snapshot -> %s) WITH ORDINALITY AS t(item, i)"
    else:
        source = f"{table} r, (SELECT value AS item, key AS i FROM json_each(r.snapshot, '$.' || %s)) t"
    return f"FROM {source} WHERE r.id = %s{where_sql}", [key, *params]


def release_items(*, release, key: str, where=(), limit: int | None = None) -> list[dict]:
    """The items of snapshot[key] ("slots" or "boards") that match every condition, in snapshot order."""
    sql, params = _item_sql(key, list(where))
    params.insert(1, release.pk)
    sql = f"SELECT t.item {sql} ORDER BY t.i"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [item if isinstance(item, dict) else json.loads(item) for (item,) in rows]


def release_values(*, release, key: str, field: str, where=()) -> list[str]:
    """The distinct values (as text) of one field of snapshot[key]'s items."""
    sql, params = _item_sql(key, list(where))
    params.insert(1, release.pk)
    if connection.vendor == "postgresql":
        select = "SELECT DISTINCT t.item ->> %s "
    else:
        select = "SELECT DISTINCT CAST(json_extract(t.item, '$.' || %s) AS TEXT) "
    with connection.cursor() as cursor:
        cursor.execute(select + sql, [field, *params])
        return sorted(value for (value,) in cursor.fetchall() if value is not None)


def release_board_extent(*, release) -> dict[int, int]:
    """{poster session: its highest board number}."""
    sql, params = _item_sql("boards", [])
    params.insert(1, release.pk)
    if connection.vendor == "postgresql":
        select = "SELECT (t.item ->> 'session')::int, max((t.item ->> 'number')::int) "
    else:
        select = "SELECT json_extract(t.item, '$.session'), max(json_extract(t.item, '$.number')) "
    with connection.cursor() as cursor:
        cursor.execute(select + sql + " GROUP BY 1", params)
        return {int(session): int(number) for session, number in cursor.fetchall()}
