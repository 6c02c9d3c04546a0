"""`manage.py export_reviews --workshop SLUG`: the review state as JSON, for organizers' scripts, audits."""

import json
import sys

from django.core.management.base import BaseCommand

from sllm.reviewing.export import review_state
from sllm.workshops.models import Edition


class Command(BaseCommand):
    help = (
        "Print the edition's review state as JSON: papers with reviews, assignments and open conflicts, "
        "reviewer conflicts, oral nominations, ballot candidates, flags and coverage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workshop", dest="edition", required=True, help="the edition's slug, e.g. sllm-2025")

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            sys.stderr.write(
                json.dumps({"error": "not_found", "message": f"No edition with the slug {options['edition']!r}."})
                + "\n"
            )
            sys.exit(1)
        self.stdout.write(json.dumps(review_state(edition=edition), indent=2))
