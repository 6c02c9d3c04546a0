"""The importer's row writing: read existing rows as tuples, write only what differs, in batches.

The existing state is read in a few set-based queries as plain tuples (no model instances) and compared
in memory with what OpenReview says; only new, changed or vanished rows are written, in large batches.
The functions that write take the import context (context.py) for its counts, timestamp and the set of
papers this run processed.
"""

import datetime as dt

from django.db import connection, models

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


def read_rows(queryset, key: str | tuple[str, ...], fields: tuple[str, ...]) -> dict:
    """key -> (pk, {field: value}) for the rows of the queryset, read as tuples in one query.

    A key of several fields gives tuple keys."""
    keys = (key,) if isinstance(key, str) else key
    n = len(keys)
    return {
        (row[1] if n == 1 else row[1 : 1 + n]): (row[0], dict(zip(fields, row[1 + n :], strict=True)))
        for row in queryset.values_list("pk", *keys, *fields)
    }


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
    create: list | None = None,
    update: list | None = None,
    fields: tuple[str, ...] = (),
    delete: list[int] | None = None,
    ids: bool = False,
) -> None:
    """Deletes, updates (only `fields`) and creates rows in batches, and counts them in ctx.counts.

    With `ids` the created objects get their pks (the caller reads them); without, PostgreSQL loads the
    new rows with one COPY, which costs a fraction of the ORM's INSERT statements and returns no pks."""
    if delete:
        model.objects.filter(pk__in=delete).delete()
        ctx.counts.add(kind, "deleted", len(delete))
    if update:
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            for obj in update:
                obj.updated_at = ctx.now
            fields = (*fields, "updated_at")
        model.objects.bulk_update(update, fields, batch_size=BATCH // 2)
        ctx.counts.add(kind, "updated", len(update))
    if create:
        if ids or connection.vendor != "postgresql":
            model.objects.bulk_create(create, batch_size=BATCH)
        else:
            copy_rows(model, create)
        ctx.counts.add(kind, "created", len(create))


def copy_rows(model: type[models.Model], objs: list) -> None:
    """Inserts the objects with COPY ... FROM STDIN, their pks left unset. Fields are prepared as
    bulk_create prepares them where it matters (auto_now dates set, JSON adapted); the others' values
    go as they are, which spares Django's per-value preparation on tens of thousands of rows."""
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    prepared = [
        isinstance(f, models.JSONField) or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        for f in fields
    ]
    quote = connection.ops.quote_name
    statement = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row(
                [
                    f.get_db_prep_save(f.pre_save(obj, True), connection) if prep else getattr(obj, f.attname)
                    for f, prep in zip(fields, prepared, strict=True)
                ]
            )


def existing_rows(ctx: ImportContext, model, key: str | tuple[str, ...], fields: tuple[str, ...]) -> dict:
    """The rows of the papers this chunk processed (ctx.processed, at most a page of submissions)."""
    return read_rows(model.objects.filter(paper_id__in=ctx.processed), key, fields)


def upsert_rows(ctx: ImportContext, kind, model, *, existing: dict, wanted: dict, fields, make, stale_if=None) -> None:
    """Rows keyed alike: create the wanted ones that are missing (make(key, values) builds one),
    update those whose values differ, delete existing ones no longer wanted (where stale_if says)."""
    create, update = [], []
    for key, values in wanted.items():
        found = existing.get(key)
        if found is None:
            create.append(make(key, values))
        elif found[1] != values:
            update.append(model(pk=found[0], **values))
    delete = [
        pk for key, (pk, values) in existing.items() if key not in wanted and (stale_if is None or stale_if(values))
    ]
    write_rows(ctx, kind, model, create=create, update=update, fields=fields, delete=delete)
