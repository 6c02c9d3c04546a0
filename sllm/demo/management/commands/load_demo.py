"""Loads the demo edition, SLLM 2025, from the seeds; running it again changes nothing."""

from django.core.management.base import BaseCommand

from sllm.demo.loaders import demo_load


class Command(BaseCommand):
    help = "Load (or refresh) the demo edition SLLM 2025 with its papers, people and program."

    def handle(self, *args, **options):
        edition = demo_load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo edition {edition.slug} is ready."))
