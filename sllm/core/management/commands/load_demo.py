"""Loads the demo edition, SLLM 2025, from the seeds; running it again changes nothing."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

# Apps add demo data in `sllm/<app>/demo.py` with `load(*, workshop, stdout)`; the foundation's go first.
ORDER = ["workshops", "accounts", "submissions", "program"]
# Demo loaders that need others' data first: the oral vote needs the nominations the sync imports.
LAST = ["sllm.reviewing.votes.demo"]


def demo_modules():
    labels = [c.name for c in apps.get_app_configs() if c.name.startswith("sllm.")]
    labels.sort(key=lambda name: (ORDER.index(name[5:]) if name[5:] in ORDER else len(ORDER), name))
    for name in [f"{label}.demo" for label in labels] + LAST:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


class Command(BaseCommand):
    help = "Load (or refresh) the demo edition SLLM 2025 with its papers, people and program."

    def handle(self, *args, **options):
        from sllm.workshops.demo import demo_workshop  # noqa: PLC0415 -- late: cycle between apps, to be removed by the app order

        workshop = None
        for module in demo_modules():
            with transaction.atomic():
                if workshop is None:
                    workshop = demo_workshop()
                module.load(workshop=workshop, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo edition {workshop.slug} is ready."))
