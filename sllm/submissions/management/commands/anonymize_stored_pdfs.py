"""`manage.py anonymize_stored_pdfs [--workshop SLUG]`: the one-off re-anonymization of stored submissions.

Files stored before the anonymizer learned its current rules still carry XMP on figures, `/PTEX.*` keys
and the like; this rewrites each such file once (a second run rewrites nothing) and refreshes the
names-in-text flags. Prints {"files", "rewritten", "names_in_text"} as JSON.
"""

import json
import sys

from django.core.management.base import BaseCommand

from sllm.submissions.services import paper_files_reanonymize
from sllm.workshops.models import Edition


class Command(BaseCommand):
    help = "Apply the current PDF anonymization to every stored submission (of one edition, or all)."

    def add_arguments(self, parser):
        parser.add_argument("--workshop", dest="edition", help="only this edition's slug, e.g. sllm-2025")

    def handle(self, *args, **options):
        edition = None
        if options["edition"]:
            edition = Edition.objects.filter(slug=options["edition"]).first()
            if edition is None:
                sys.stderr.write(
                    json.dumps({"error": "not_found", "message": f"No edition with the slug {options['edition']!r}."})
                    + "\n"
                )
                sys.exit(1)
        self.stdout.write(json.dumps(paper_files_reanonymize(edition=edition)))
