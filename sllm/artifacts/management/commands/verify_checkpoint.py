"""`manage.py verify_checkpoint FILE [--claim CLAIM.json]`: the verification report as JSON on stdout.

A malformed checkpoint or claim file prints {"error", "message"} on stderr and exits with status 1.
"""

import json
import sys

from django.core.management.base import BaseCommand

from sllm.artifacts.checkpoint import CheckpointError, parse_claims
from sllm.artifacts.checkpoint.verify import verify_checkpoint


def _fail(code: str, message: str) -> None:
    sys.stderr.write(json.dumps({"error": code, "message": message}) + "\n")
    sys.exit(1)


class Command(BaseCommand):
    help = "Check a safetensors checkpoint (header, SHA-256, sparsity, N:M) against optional claims."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--claim", help="a claim file: global_sparsity, tolerance, tensors")

    def handle(self, *args, **options):
        claims = None
        if options["claim"]:
            try:
                with open(options["claim"], encoding="utf-8") as handle:
                    claims = parse_claims(json.load(handle))
            except OSError as exc:
                _fail("not_found", f"Cannot read the claim file: {exc.strerror}.")
            except ValueError as exc:
                _fail("invalid_claim", f"The claim file is not JSON ({exc}).")
            except CheckpointError as exc:
                _fail(exc.code, exc.message)
        try:
            report = verify_checkpoint(options["file"], claims)
        except CheckpointError as exc:
            _fail(exc.code, exc.message)
        except IsADirectoryError:
            _fail("not_found", f"{options['file']} is a directory, not a file.")
        except OSError as exc:
            _fail("not_found", f"Cannot read {options['file']}: {exc.strerror}.")
        self.stdout.write(json.dumps(report))
