"""The manifest: what a backup holds, and the checks a restore makes before it changes anything."""

import hashlib
import json
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

from .errors import BackupError

FORMAT = "sllm-backup/1"
MANIFEST = "manifest.json"
FILES_DIR = "files"
CHUNK = 1024 * 1024


def sha256_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def read(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} holds no {MANIFEST}: not a complete backup.", code="not_a_backup")
    try:
        manifest = json.loads(path.read_text())
    except ValueError as exc:
        raise BackupError(f"{path} is not valid JSON: {exc}", code="manifest_mismatch") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not an {FORMAT} manifest.", code="manifest_mismatch")
    return manifest


def write(folder: Path, manifest: dict) -> None:
    # Written last and flushed to disk: a backup folder with a manifest is a complete one.
    path = folder / MANIFEST
    with path.open("w") as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True)
        handle.flush()


def verify_contents(folder: Path, manifest: dict) -> None:
    """Every listed file is there with its size and hash, and nothing else is: else a clear refusal."""
    problems = []
    database = manifest["database"]
    listed = {database["path"]: database, **{f"{FILES_DIR}/{f['name']}": f for f in manifest["files"]}}
    for relative, entry in listed.items():
        path = folder / relative
        if not path.is_file():
            problems.append(f"{relative} is missing")
            continue
        digest, size = sha256_file(path)
        if (digest, size) != (entry["sha256"], entry["bytes"]):
            problems.append(f"{relative} differs from the manifest ({size} bytes, sha256 {digest[:12]}…)")
    present = {str(p.relative_to(folder)) for p in (folder / FILES_DIR).rglob("*") if p.is_file()}
    present |= {p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST}
    problems += [f"{extra} is not in the manifest" for extra in sorted(present - set(listed))]
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise BackupError(f"The backup does not match its manifest: {shown}.", code="manifest_mismatch")


def unknown_migrations(applied: dict[str, list[str]]) -> list[str]:
    """Migrations the backup's database had applied that this code does not know: a newer schema."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(f"{app}.{name}" for app, names in applied.items() for name in names if (app, name) not in known)


def verify_schema(manifest: dict) -> None:
    unknown = unknown_migrations(manifest["migrations"])
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise BackupError(
            f"The backup comes from a newer schema than this code ({shown} unknown here): "
            "deploy the code the backup was taken with, or a later one, then restore.",
            code="newer_schema",
        )
