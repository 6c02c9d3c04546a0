"""Which pending migrations would hold locks on big tables, for the deploy check (manage.py check_migrations).

django-migration-linter's PostgreSQL analyser reads the SQL that `sqlmigrate` prints and names what
rewrites or scans a table under an exclusive lock (a NOT NULL column, a unique constraint, an index built
without CONCURRENTLY, a rename or drop). Here each finding is weighed by the table's estimated rows, so
the check fails only where the lock would be long: on tables at or above the threshold.
"""

import io
import re

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_migration_linter.sql_analyser import PostgresqlAnalyser

TABLE = re.compile(r'(?:ALTER TABLE|ON|INTO|UPDATE|FROM)\s+(?:ONLY\s+)?"([^"]+)"')


def pending_migrations() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [(migration.app_label, migration.name) for migration, backwards in plan if not backwards]


def estimated_rows(tables: set[str]) -> dict[str, int]:
    """PostgreSQL's own estimate (pg_class.reltuples, kept by autovacuum): free to read, good enough here."""
    if not tables or connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, GREATEST(reltuples, 0)::bigint FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
            [sorted(tables)],
        )
        return dict(cursor.fetchall())


def migration_report(app_label: str, name: str, *, big_rows: int) -> dict:
    out = io.StringIO()
    call_command("sqlmigrate", app_label, name, stdout=out)
    statements = [line for line in out.getvalue().splitlines() if line and not line.startswith("--")]
    analyser = PostgresqlAnalyser(exclude_migration_tests=None)
    analyser.analyse(statements)
    created = {m.group(1) for s in statements if (m := re.match(r'CREATE TABLE "([^"]+)"', s))}
    findings = [*analyser.errors, *analyser.warnings]
    touched = {t for s in statements for t in TABLE.findall(s)} - created
    rows = estimated_rows(touched)
    issues = [
        {"code": issue.code, "message": issue.message, "table": (issue.table or "").strip('"') or None}
        for issue in findings
    ]
    big = sorted(t for t in touched if rows.get(t, 0) >= big_rows)
    return {
        "migration": f"{app_label}.{name}",
        "issues": issues,
        "tables": {t: rows.get(t, 0) for t in sorted(touched)},
        "locks_big_tables": big if issues else [],
    }
