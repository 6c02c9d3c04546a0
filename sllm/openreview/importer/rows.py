"""The importer's row writing: read existing rows as tuples, write only what differs, in batches.

The existing state is read in a few set-based queries as plain tuples (no model instances) and compared
in memory with what OpenReview says, a tuple of values against a tuple of values; only new, changed or
vanished rows are written. New rows stay plain tuples all the way to the database: on PostgreSQL one COPY
per kind of row and chunk, elsewhere (the demo's SQLite) the ORM's bulk_create. The functions that write
take the import context (context.py) for its counts, timestamp and the set of papers this run processed.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterable

from django.db import connection, models
from django.db.models import BooleanField, Expression, F, Q

from .context import ImportContext

# Rows per INSERT or UPDATE statement: few round trips, bounded statement size.
BATCH = 2000


def datetime_from_ms(value: int | None) -> dt.datetime | None:
    """OpenReview's dates are milliseconds since the epoch, UTC; 0 or None is no date."""
    return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC) if value else None


def fit(model: type[models.Model], field: str, value: str) -> str:
    """`value` cut to what `model.field` stores (its max_length): the limit is read from the model, so the
    importer and the database never disagree."""
    return value[: model._meta.get_field(field).max_length]


class _AnyOf(Expression):
    """`column = ANY(%s)`, the values one array parameter (PostgreSQL)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, values: list):
        super().__init__()
        self.column, self.values = F(column), values

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"{sql} = ANY(%s)", (*params, self.values)


def among(column: str, values: Iterable):
    """A filter: the column's value is one of `values`. A chunk's queries name a thousand papers or more;
    on PostgreSQL they go as one array parameter, as Django's `__in` with a parameter per value costs Django
    and psycopg more than the query itself."""
    values = list(values)
    if connection.vendor == "postgresql":
        return _AnyOf(column, values)
    return Q(**{f"{column}__in": values})


def read_rows(queryset, key: str | tuple[str, ...], fields: tuple[str, ...]) -> dict:
    """key -> (pk, (values of `fields`)) for the rows of the queryset, read as tuples in one query.

    A key of several fields gives tuple keys."""
    n = 1 if isinstance(key, str) else len(key)
    keys = (key,) if isinstance(key, str) else key
    rows = queryset.values_list("pk", *keys, *fields)
    if n == 1:
        return {row[1]: (row[0], row[2:]) for row in rows}
    return {row[1 : 1 + n]: (row[0], row[1 + n :]) for row in rows}


def changed(obj, values: dict) -> bool:
    """Sets the values that differ on obj; True when any did."""
    differs = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            differs = True
    return differs


def write_rows(
    ctx: ImportContext,
    kind: str,
    model: type[models.Model],
    *,
    columns: tuple[str, ...] = (),
    create: list[tuple] | None = None,
    fields: tuple[str, ...] = (),
    update: list[tuple[int, tuple]] | None = None,
    delete: list[int] | None = None,
) -> None:
    """Deletes rows by pk, updates rows ((pk, values of `fields`)) and creates rows (tuples of values of
    `columns`) in batches, and counts them in ctx.counts."""
    if delete:
        model.objects.filter(pk__in=delete).delete()
        ctx.counts.add(kind, "deleted", len(delete))
    if update:
        stamped = any(f.name == "updated_at" for f in model._meta.concrete_fields)
        objs = [model(pk=pk, **dict(zip(fields, values, strict=True))) for pk, values in update]
        if stamped:
            for obj in objs:
                obj.updated_at = ctx.now
        model.objects.bulk_update(objs, [*fields, "updated_at"] if stamped else fields, batch_size=BATCH // 2)
        ctx.counts.add(kind, "updated", len(update))
    if create:
        insert_rows(ctx, model, columns, create)
        ctx.counts.add(kind, "created", len(create))


def _filled(ctx: ImportContext, model: type[models.Model], columns: tuple[str, ...]):
    """The model's other columns, and a function giving their values for one new row: the values a model
    instance would get (defaults, auto_now dates as ctx.now), a callable default called for every row."""
    meta = model._meta
    rest = [f for f in meta.concrete_fields if f is not meta.auto_field and f.attname not in columns]
    fixed = [f for f in rest if not (f.has_default() and callable(f.default)) or _stamped(f)]
    called = [f.default for f in rest if f not in fixed]
    values = tuple(ctx.now if _stamped(f) else f.get_default() for f in fixed)
    names = (*(f.attname for f in fixed), *(f.attname for f in rest if f not in fixed))
    if not called:
        return names, lambda: values
    return names, lambda: (*values, *(default() for default in called))


def _stamped(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def insert_rows(ctx: ImportContext, model: type[models.Model], columns: tuple[str, ...], rows: Iterable[tuple]):
    """Inserts rows given as tuples of values of `columns` (attnames: `paper_id`, not `paper`); the model's
    other columns get what a new instance would hold. The new pks are not returned: a caller that needs
    them reads them back by a key of its own.

    On PostgreSQL the rows go to one COPY ... FROM STDIN as they are (JSON dumped to text), which spares
    building a model instance per row and Django's per-value preparation; elsewhere through bulk_create."""
    names, rest_of = _filled(ctx, model, columns)
    names = (*columns, *names)
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**dict(zip(names, (*row, *rest_of()), strict=True))) for row in rows], batch_size=BATCH
        )
        return
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_name[name] for name in names]
    json_at = [(i, _dumps(f)) for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    quote = connection.ops.quote_name
    statement = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            values = (*row, *rest_of())
            if json_at:
                values = list(values)
                for i, dumps in json_at:
                    if values[i] is not None:
                        values[i] = dumps(values[i])
            copy.write_row(values)


def _dumps(field: models.JSONField) -> Callable[[object], str]:
    encoder = field.encoder
    return (lambda value: json.dumps(value, cls=encoder)) if encoder else json.dumps


def existing_rows(ctx: ImportContext, model, key: str | tuple[str, ...], fields: tuple[str, ...]) -> dict:
    """The rows of the papers this chunk processed (ctx.processed, at most a page of submissions)."""
    return read_rows(model.objects.filter(among("paper_id", ctx.processed)), key, fields)


def upsert_rows(
    ctx: ImportContext,
    kind: str,
    model,
    *,
    key: str | tuple[str, ...],
    existing: dict,
    wanted: dict,
    fields: tuple[str, ...],
    extra: tuple[str, Callable[[object, tuple], object]] | None = None,
    stale_if: Callable[[tuple], bool] | None = None,
) -> None:
    """Rows keyed alike (`key`: the key's column or columns), their values tuples of `fields`: create the
    wanted ones that are missing (with `extra`, one more column, its value extra[1](key, values)), update
    those whose values differ, delete existing ones no longer wanted (where stale_if(values) says)."""
    single = isinstance(key, str)
    columns = ((key,) if single else key) + fields
    create, update = [], []
    for k, values in wanted.items():
        found = existing.get(k)
        if found is None:
            row = ((k,) if single else k) + values
            create.append(row + (extra[1](k, values),) if extra else row)
        elif found[1] != values:
            update.append((found[0], values))
    delete = [pk for k, (pk, values) in existing.items() if k not in wanted and (stale_if is None or stale_if(values))]
    write_rows(
        ctx,
        kind,
        model,
        columns=(*columns, extra[0]) if extra else columns,
        create=create,
        fields=fields,
        update=update,
        delete=delete,
    )
