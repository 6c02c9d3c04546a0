"""`manage.py check_migrations [--migration APP.NAME] [--big-rows N]`: run before `migrate` on a deploy.

Prints, for each migration not yet applied to the configured database, the lock-taking operations the
linter finds and the estimated rows of every table it alters. Exits 1 when a migration with findings
alters a table of at least --big-rows rows (default 100000): plan that one for a quiet hour, or rewrite
it (add the column nullable, build the index CONCURRENTLY) before deploying.
"""

import json

from django.core.management.base import BaseCommand

from sllm.ops.migrationlocks import migration_report, pending_migrations


class Command(BaseCommand):
    help = "List pending migrations that would lock big tables; exit 1 if any would."

    def add_arguments(self, parser):
        parser.add_argument("--migration", action="append", default=[], help="APP.NAME instead of the pending ones.")
        parser.add_argument("--big-rows", type=int, default=100_000, help="Rows from which a table counts as big.")

    def handle(self, *args, **options):
        targets = [tuple(m.split(".", 1)) for m in options["migration"]] or pending_migrations()
        reports = [migration_report(app, name, big_rows=options["big_rows"]) for app, name in targets]
        flagged = [r["migration"] for r in reports if r["locks_big_tables"]]
        self.stdout.write(json.dumps({"migrations": reports, "flagged": flagged}, indent=2))
        if flagged:
            raise SystemExit(1)
