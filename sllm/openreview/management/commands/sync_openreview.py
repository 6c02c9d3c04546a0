"""`manage.py sync_openreview --venue VENUE_ID --workshop SLUG`: import a venue, print the run as JSON."""

import json
import sys

from django.core.management.base import BaseCommand

from sllm.core.errors import ApplicationError
from sllm.openreview.client import SyncError
from sllm.openreview.mapping import SyncOptions
from sllm.openreview.services import venue_sync


class Command(BaseCommand):
    help = (
        "Import submissions, reviews, meta-reviews, decisions, assignments and conflicts of an OpenReview "
        "venue into an edition (created from the venue group when absent). Idempotent and incremental."
    )

    def add_arguments(self, parser):
        parser.add_argument("--venue", required=True, help="the venue id, e.g. ICLR.cc/2025/Workshop/SLLM")
        parser.add_argument("--workshop", dest="edition", required=True, help="the edition's slug, e.g. sllm-2025")
        parser.add_argument(
            "--track-field",
            default="track",
            help="submission field naming the track (default: track; '' for none)",
        )
        parser.add_argument(
            "--student-field",
            "--student-paper-field",
            dest="student_field",
            default="student_paper",
            help="submission field marking student papers",
        )
        parser.add_argument(
            "--nomination-field",
            "--oral-field",
            dest="nomination_field",
            default="nominate_for_oral",
            help="review field holding the oral nomination",
        )
        parser.add_argument(
            "--nomination-yes",
            "--nomination-yes-value",
            dest="nomination_yes",
            action="append",
            help="an answer that means yes (default: Yes); repeatable",
        )

    def handle(self, *args, **options):
        sync_options = SyncOptions(
            track_field=options["track_field"],
            student_field=options["student_field"],
            nomination_field=options["nomination_field"],
            nomination_yes=tuple(options["nomination_yes"] or ["Yes"]),
        )
        try:
            run = venue_sync(slug=options["edition"], venue_id=options["venue"], options=sync_options)
        except (SyncError, ApplicationError) as exc:
            sys.stderr.write(json.dumps({"error": exc.code, "message": exc.message}) + "\n")
            sys.exit(1)
        self.stdout.write(
            json.dumps(
                {
                    "run": run.pk,
                    "workshop": run.edition.slug,
                    "venue_id": run.venue_id,
                    "status": run.status,
                    "requests": run.requests,
                    "rows_written": run.rows_written,
                    "counts": run.counts,
                    "warnings": run.warnings,
                },
                indent=2,
            )
        )
