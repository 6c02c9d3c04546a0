"""`manage.py restore DIR [--force]`: a backup into an empty database and storage, then verified.

Before changing anything it checks every file against the manifest, that the backup's schema is not
newer than this code, and that the database and storage are empty (unless --force). Prints a summary as
JSON on stdout; a refusal prints {"error", "message"} on stderr, exit 1, and changes nothing.
`--from-storage NAME` first downloads that backup from the backup storage (see `--list`).
"""

import json
import sys
import tempfile
from pathlib import Path

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from sllm.ops.backup import BackupError, remote
from sllm.ops.services import backup_restore


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and storage, and verify it against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", type=Path, help="The backup folder.")
        parser.add_argument("--force", action="store_true", help="Replace a database and storage that hold data.")
        parser.add_argument("--from-storage", metavar="NAME", help="Restore this backup from the backup storage.")
        parser.add_argument("--list", action="store_true", help="List the complete backups in the backup storage.")

    def handle(self, *args, **options):
        storage = storages["backups"]
        if options["list"]:
            complete, _ = remote.backups(storage)
            self.stdout.write(json.dumps({"backups": complete}, indent=2))
            return
        if bool(options["source"]) == bool(options["from_storage"]):
            raise CommandError("Give either a backup folder or --from-storage NAME.")
        try:
            if options["source"]:
                result = backup_restore(source=options["source"], force=options["force"])
            else:
                result = self._from_storage(storage, options["from_storage"], options["force"])
        except BackupError as error:
            sys.stderr.write(json.dumps(error.as_dict()) + "\n")
            raise SystemExit(1) from error
        self.stdout.write(json.dumps(result, indent=2))

    @staticmethod
    def _from_storage(storage, name: str, force: bool) -> dict:
        complete, _ = remote.backups(storage)
        if name not in complete:
            raise BackupError(f"The backup storage holds no complete backup named {name!r}.", code="not_a_backup")
        with tempfile.TemporaryDirectory(prefix="sllm-restore-") as scratch:
            remote.download(storage, name, Path(scratch))
            return backup_restore(source=Path(scratch), force=force)
