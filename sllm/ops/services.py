"""Writes of the ops app: heartbeats, backups and restores."""

import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone

from .backup import database, files, manifest, remote
from .backup.errors import BackupError
from .models import BackupRun, Heartbeat


def heartbeat_record(*, kind: str, name: str, queues: list[str], pid: int, started_at) -> Heartbeat:
    """Upserts the heartbeat of one worker or beat process (one row per name, so restarts reuse it)."""
    with transaction.atomic():
        beat, _ = Heartbeat.objects.update_or_create(
            kind=kind,
            name=name,
            defaults={"queues": sorted(queues), "pid": pid, "started_at": started_at, "seen_at": timezone.now()},
        )
    return beat


def backup_run_record(
    *, name: str, target: str, trigger: str, started_at, error: str = "", manifest: dict | None = None
) -> BackupRun:
    """Logs a finished backup, after its snapshot was taken (a restored database never shows it running)."""
    manifest = manifest or {}
    with transaction.atomic():
        return BackupRun.objects.create(
            name=name,
            target=target,
            trigger=trigger,
            status=BackupRun.Status.FAILED if error else BackupRun.Status.SUCCEEDED,
            started_at=started_at,
            finished_at=timezone.now(),
            bytes=manifest.get("bytes", 0),
            files=len(manifest.get("files", [])),
            rows=sum(manifest.get("tables", {}).values()),
            error=error[:2000],
        )


def _backup_write(*, out: Path) -> dict:
    """Writes a complete backup folder at `out`, built under a temporary name and renamed at the end."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(f"{out} already exists and is not empty; choose a new folder.", code="target_exists")
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    partial = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        database_path = partial / ("database.dump" if connection.vendor == "postgresql" else "database.sqlite3")
        tables, migrations = database.dump(database_path)
        storage = storages["default"]
        entries = [files.copy_out(storage, name, partial / manifest.FILES_DIR / name) for name in files.walk(storage)]
        digest, size = manifest.sha256_file(database_path)
        content = {
            "format": manifest.FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": {"path": database_path.name, "sha256": digest, "bytes": size},
            "migrations": migrations,
            "tables": tables,
            "files": entries,
            "bytes": size + sum(entry["bytes"] for entry in entries),
            "seconds": round(time.monotonic() - started, 3),
        }
        manifest.write(partial, content)
        partial.rename(out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return content


def backup_create(*, out: Path, trigger: str = "command") -> dict:
    """`manage.py backup --out DIR`: a snapshot of the database and every stored file, logged as a BackupRun."""
    started_at = timezone.now()
    try:
        content = _backup_write(out=out)
    except Exception as error:
        # A refused target is no backup attempt; anything else is a failed backup the dashboard must show.
        if not (isinstance(error, BackupError) and error.code == "target_exists"):
            backup_run_record(name=out.name, target=str(out), trigger=trigger, started_at=started_at, error=str(error))
        raise
    backup_run_record(name=out.name, target=str(out), trigger=trigger, started_at=started_at, manifest=content)
    return content


def backup_to_storage(*, trigger: str = "schedule") -> dict:
    """The beat job: a backup into the backup storage under a timestamped name, then retention."""
    storage = storages["backups"]
    name = f"{remote.PREFIX}{timezone.now():%Y%m%dT%H%M%S%fZ}"
    started_at = timezone.now()
    target = f"storage:backups/{name}"
    try:
        with tempfile.TemporaryDirectory(prefix="sllm-backup-") as scratch:
            content = _backup_write(out=Path(scratch) / name)
            remote.upload(storage, Path(scratch) / name, name)
        removed = remote.prune(storage, settings.BACKUP_KEEP, current=name)
    except Exception as error:
        backup_run_record(name=name, target=target, trigger=trigger, started_at=started_at, error=str(error))
        raise
    backup_run_record(name=name, target=target, trigger=trigger, started_at=started_at, manifest=content)
    return {"name": name, "bytes": content["bytes"], "removed": removed}


def backup_restore(*, source: Path, force: bool = False) -> dict:
    """`manage.py restore DIR`: checks everything first (contents, schema, empty target), then restores.

    Refusals change nothing. With force, a database and storage in use are replaced.
    """
    source = source.resolve()
    if not source.is_dir():
        raise BackupError(f"{source} is not a folder.", code="not_a_backup")
    content = manifest.read(source)
    manifest.verify_contents(source, content)
    manifest.verify_schema(content)
    storage = storages["default"]
    in_use = database.rows_in_use()
    stored = files.walk(storage)
    if (in_use or stored) and not force:
        tables = ", ".join(f"{table} ({n})" for table, n in sorted(in_use.items())[:5])
        raise BackupError(
            "The target is not empty"
            + (f": the database has rows in {tables}" if in_use else "")
            + (f"{';' if in_use else ':'} the storage holds {len(stored)} files" if stored else "")
            + ". Restore into a fresh database and storage, or pass --force to replace them.",
            code="target_not_empty",
        )
    started = time.monotonic()
    database.restore(source / content["database"]["path"], content["engine"])
    files.delete_all(storage, stored)
    for entry in content["files"]:
        files.copy_in(storage, entry["name"], source / manifest.FILES_DIR / entry["name"])
    counts = database.current_counts()
    differing = sorted(t for t, n in content["tables"].items() if counts.get(t) != n)
    if differing:
        raise BackupError(
            f"Restored, but the row counts of {', '.join(differing[:5])} differ from the manifest.",
            code="verify_failed",
        )
    return {
        "restored": str(source),
        "tables": len(content["tables"]),
        "rows": sum(content["tables"].values()),
        "files": len(content["files"]),
        "bytes": content["bytes"],
        "seconds": round(time.monotonic() - started, 3),
    }
