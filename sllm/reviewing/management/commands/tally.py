"""`manage.py tally BALLOTS.json [--seats K]`: the Schulze tally of an exported ballot file, offline.

Prints {"<id>": {"ranking", "pairwise", "winners"}} on stdout; a bad ballot prints a JSON error naming
the voter and the problem on stderr and exits 1; a tie across the cut is a JSON warning on stderr.
"""

import sys

from django.core.management.base import BaseCommand

from sllm.reviewing.tally.cli import run
from sllm.reviewing.tally.schulze import DEFAULT_SEATS


class Command(BaseCommand):
    help = "Tally ranked ballots (JSON) with the Schulze method on partial ballots."

    def add_arguments(self, parser):
        parser.add_argument("ballots", help="BALLOTS.json, or - for standard input")
        parser.add_argument(
            "--seats",
            type=int,
            default=None,
            help=f"how many winners the cut admits (default {DEFAULT_SEATS}, or the file's own `seats`)",
        )

    def handle(self, *args, **options):
        status = run(options["ballots"], seats=options["seats"], stdout=self.stdout, stderr=self.stderr)
        if status:
            sys.exit(status)
