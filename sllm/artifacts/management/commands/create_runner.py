"""`manage.py create_runner NAME [--pool SLUG]`: registers a GPU runner and prints its token once, as JSON.

The pool is the edition whose benchmark jobs the runner takes; a runner without one sees no job."""

import json

from django.core.management.base import BaseCommand, CommandError

from sllm.artifacts.services import runner_create
from sllm.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Register a GPU runner; put the printed token in that host's RUNNER_TOKEN_FILE (it is not stored)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--pool", default="", help="the edition's slug whose jobs this runner takes")

    def handle(self, *args, **options):
        try:
            runner, token = runner_create(name=options["name"], pool=options["pool"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(json.dumps({"runner": runner.name, "pool": runner.pool, "token": token}))
