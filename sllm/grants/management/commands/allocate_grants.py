"""`manage.py allocate_grants INSTANCE.json`: the travel grant optimizer on a file, JSON out."""

import json
import sys

from django.core.management.base import BaseCommand

from sllm.grants.allocation import AllocationInputError, allocate


class Command(BaseCommand):
    help = (
        "Allocate a travel grant budget: reads {budget, allow_partial, min_partial_percent, applicants: "
        "[{id, request, student, priority, score}]} and prints the awards and why the unfunded are unfunded."
    )

    def add_arguments(self, parser):
        parser.add_argument("instance", help="path of the instance JSON file, or - for stdin")

    def handle(self, *args, **options):
        try:
            if options["instance"] == "-":
                instance = json.load(sys.stdin)
            else:
                with open(options["instance"], encoding="utf-8") as handle:
                    instance = json.load(handle)
            result = allocate(instance)
        except (OSError, json.JSONDecodeError, AllocationInputError) as exc:
            code = "bad_instance" if isinstance(exc, AllocationInputError) else "unreadable"
            sys.stderr.write(json.dumps({"error": code, "message": str(exc)}) + "\n")
            sys.exit(1)
        self.stdout.write(json.dumps(result, indent=2, sort_keys=False))
