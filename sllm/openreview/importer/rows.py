"""The importer's row writing: read existing rows as tuples, write only what differs, in batches.

The existing state is read in a few set-based queries as plain tuples (no model instances) and compared
in memory with what OpenReview says; only new, changed or vanished rows are written, in large batches.
The functions that write take the import context (context.py) for its counts, timestamp and the set of
papers this run processed.
"""

import datetime as dt

from django.db import models

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


def read_rows(queryset, key: str | tuple[str, ...], fields: tuple[str, ...], papers: set | None = None) -> dict:
    """key -> (pk, {field: value}) for the rows of the queryset, read as tuples in one query.

    A key of several fields gives tuple keys. With `papers`, only the rows of those papers."""
    keys = (key,) if isinstance(key, str) else key
    n = len(keys)
    head = ("pk", "paper_id") if papers is not None else ("pk", "pk")
    return {
        (row[2] if n == 1 else row[2 : 2 + n]): (row[0], dict(zip(fields, row[2 + n :], strict=True)))
        for row in queryset.values_list(*head, *keys, *fields)
        if papers is None or row[1] in papers
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
) -> None:
    """Deletes, updates (only `fields`) and creates rows in batches, and counts them in ctx.counts."""
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
        model.objects.bulk_create(create, batch_size=BATCH)
        ctx.counts.add(kind, "created", len(create))


def existing_rows(ctx: ImportContext, model, key: str | tuple[str, ...], fields: tuple[str, ...]) -> dict:
    """The rows of the papers this run processed (ctx.processed): the edition's rows in one join, filtered
    here. A list of thousands of ids in the SQL would cost more to send and parse than the rows it saves."""
    queryset = model.objects.filter(paper__edition=ctx.edition)
    return read_rows(queryset, key, fields, papers=ctx.processed)


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
