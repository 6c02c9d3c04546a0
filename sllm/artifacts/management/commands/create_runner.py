"""`manage.py create_runner NAME`: registers a GPU runner and prints its token once, as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from sllm.artifacts.services import runner_create
from sllm.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Register a GPU runner; put the printed token in that host's RUNNER_TOKEN (it is not stored)."

    def add_arguments(self, parser):
        parser.add_argument("name")

    def handle(self, *args, **options):
        try:
            runner, token = runner_create(name=options["name"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(json.dumps({"runner": runner.name, "token": token}))
