"""`manage.py invite_people --workshop SLUG [--role ROLE ...] [--resend]`: invite through OpenReview, print JSON."""

import json
import sys

from django.core.management.base import BaseCommand

from sllm.core.errors import ApplicationError
from sllm.openreview.invitations.services import invitation_run
from sllm.openreview.models import Invitation
from sllm.openreview.selectors import edition_by_slug


class Command(BaseCommand):
    help = (
        "Invite the edition's imported reviewers, area chairs and authors of active papers who cannot log in "
        "yet, through OpenReview's messages, each with a personal claim link. Idempotent unless --resend."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workshop", dest="edition", required=True, help="the edition's slug, e.g. sllm-2025")
        parser.add_argument(
            "--role",
            action="append",
            choices=Invitation.Role.values,
            help="only people of this role (repeatable; default: all three)",
        )
        parser.add_argument(
            "--resend", action="store_true", help="send a new link to people invited before (the old one stops working)"
        )

    def handle(self, *args, **options):
        edition = edition_by_slug(options["edition"])
        if edition is None:
            self._fail("unknown_edition", f"No edition has the slug {options['edition']!r}.")
        try:
            result = invitation_run(edition=edition, roles=options["role"], resend=options["resend"])
        except ApplicationError as exc:
            self._fail(exc.code, exc.message)
        self.stdout.write(json.dumps(result, indent=2))

    def _fail(self, code: str, message: str):
        sys.stderr.write(json.dumps({"error": code, "message": message}) + "\n")
        sys.exit(1)
