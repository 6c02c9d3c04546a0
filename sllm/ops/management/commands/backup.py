"""`manage.py backup --out DIR`: the database and every stored file into a new folder, with a manifest.

Prints a summary as JSON on stdout; a refusal or failure prints {"error", "message"} on stderr, exit 1.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from sllm.ops.backup import BackupError
from sllm.ops.services import backup_create


class Command(BaseCommand):
    help = "Back up the database and every stored file into a new folder (written under a temporary name)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="The backup folder to create (new or empty).")

    def handle(self, *args, **options):
        try:
            content = backup_create(out=options["out"])
        except BackupError as error:
            sys.stderr.write(json.dumps(error.as_dict()) + "\n")
            raise SystemExit(1) from error
        summary = {
            "out": str(options["out"].resolve()),
            "engine": content["engine"],
            "tables": len(content["tables"]),
            "rows": sum(content["tables"].values()),
            "files": len(content["files"]),
            "bytes": content["bytes"],
            "seconds": content["seconds"],
        }
        self.stdout.write(json.dumps(summary, indent=2))
