"""`manage.py build_proceedings --workshop SLUG --out DIR [--skip-problems]`: build the volume into DIR.

Prints the build's manifest as JSON on stdout. Papers that cannot go in stop the build (JSON on stderr,
exit 1) unless --skip-problems, which builds without them and lists them under "skipped".
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from sllm.core.errors import ApplicationError
from sllm.proceedings.services import volume_build
from sllm.workshops.models import Edition


class Command(BaseCommand):
    help = "Build the proceedings volume, stamped papers and BibTeX of an edition into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--workshop", dest="edition", required=True, help="The edition's slug.")
        parser.add_argument("--out", required=True, type=Path, help="The folder to build into (replaced whole).")
        parser.add_argument(
            "--skip-problems",
            action="store_true",
            help="Build without the papers whose camera-ready has problems, and list them.",
        )

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            self._fail({"error": "not_found", "message": f"No edition with the slug {options['edition']!r}."})
        out = options["out"].resolve()
        try:
            manifest = volume_build(edition=edition, target=out, skip_problems=options["skip_problems"])
        except ApplicationError as error:
            self._fail(error.as_dict())
        self.stdout.write(json.dumps({"out": str(out), **manifest}, indent=2, ensure_ascii=False))

    def _fail(self, payload: dict) -> None:
        sys.stderr.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        raise SystemExit(1)
