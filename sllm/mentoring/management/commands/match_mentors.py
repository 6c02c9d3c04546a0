"""`manage.py match_mentors INSTANCE.json`: the optimal mentor matching of an instance file, as JSON."""

import json
import sys

from django.core.management.base import BaseCommand

from sllm.mentoring.matching import InstanceError, instance_from_json
from sllm.mentoring.matching.solver import solve


class Command(BaseCommand):
    help = (
        "Match mentees with mentors: most priority mentees, then most mentees, then the highest total "
        "affinity. Prints the assignment as JSON; errors go to stderr as JSON with exit status 1."
    )
    # Organizers run this on bare files: no database, and no URL checks (whose imports log to stderr).
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("instance", help="the instance file (JSON), or - for standard input")

    def handle(self, *args, **options):
        path = options["instance"]
        try:
            text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        except OSError as exc:
            self._fail("unreadable_file", f"Cannot read {path}: {exc.strerror}.")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            self._fail("invalid_json", f"{path} is not valid JSON: {exc}.")
        try:
            result = solve(instance_from_json(data))
        except InstanceError as exc:
            self._fail("invalid_instance", str(exc))
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))

    def _fail(self, code: str, message: str):
        self.stderr.write(json.dumps({"error": code, "message": message}, ensure_ascii=False))
        sys.exit(1)
