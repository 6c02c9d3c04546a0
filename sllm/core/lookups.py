"""`<json list field>__includes=value`: the one list-membership test that runs on PostgreSQL and SQLite alike.

Django's `__contains` on a JSONField is PostgreSQL's `@>` only; on SQLite (the demo's database) it raises
NotSupportedError, which turned every topic link into a 500. This lookup keeps `@>` on PostgreSQL (a GIN
index on the column serves it) and asks SQLite's JSON1 `json_each` for the element.
"""

import json

from django.db import NotSupportedError
from django.db.models import JSONField, Lookup


@JSONField.register_lookup
class Includes(Lookup):
    lookup_name = "includes"
    prepare_rhs = False

    def _value(self) -> str:
        if not isinstance(self.rhs, str):
            raise TypeError(f"__includes takes one string, not {type(self.rhs).__name__}")
        return self.rhs

    def as_sql(self, compiler, connection):
        raise NotSupportedError(f"__includes is not implemented for {connection.vendor}")

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", (*lhs_params, json.dumps([self._value()]))

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # json_each yields a string element as SQL text; type='text' keeps the number 1 from matching "1".
        sql = f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.type = 'text' AND json_each.value = %s)"
        return sql, (*lhs_params, self._value())
