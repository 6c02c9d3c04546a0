"""manage.py export_site --workshop SLUG --out DIR: the public site as plain files for any static host."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from sllm.core.errors import ApplicationError
from sllm.website.export import export_site
from sllm.workshops.models import Edition


class Command(BaseCommand):
    help = "Write the edition's public site as static files with relative links."

    def add_arguments(self, parser):
        parser.add_argument("--workshop", dest="edition", required=True, help="The edition's slug.")
        parser.add_argument("--out", required=True, help="The folder to write (replaced if it exists).")
        parser.add_argument(
            "--jobs", type=int, default=None, help="Processes rendering pages (default: one per CPU, at most 4)."
        )

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            sys.stderr.write(
                json.dumps({"error": "not_found", "message": f"No edition {options['edition']!r}."}) + "\n"
            )
            sys.exit(1)
        out = Path(options["out"]).resolve()
        try:
            counts = export_site(edition=edition, out=out, jobs=options["jobs"])
        except ApplicationError as exc:
            sys.stderr.write(json.dumps(exc.as_dict()) + "\n")
            sys.exit(1)
        self.stdout.write(json.dumps({"out": str(out), **counts}))
