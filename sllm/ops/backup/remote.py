"""Backups kept in the configured backup storage (STORAGES["backups"]): upload, list, prune, download.

Object storage has no rename, so there a backup counts as complete once its manifest.json exists, and
the manifest is uploaded last. Leftovers of an interrupted upload have no manifest; pruning removes them.
"""

import shutil
from pathlib import Path

from django.core.files import File

from .files import walk
from .manifest import MANIFEST

PREFIX = "sllm-"


def upload(storage, folder: Path, name: str) -> None:
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p != folder / MANIFEST)
    for path in [*paths, folder / MANIFEST]:
        relative = path.relative_to(folder).as_posix()
        with path.open("rb") as handle:
            storage.save(f"{name}/{relative}", File(handle, name=relative))


def backups(storage) -> tuple[list[str], list[str]]:
    """(complete backups, incomplete leftovers), each sorted oldest first (names sort by time)."""
    try:
        folders, _ = storage.listdir("")
    except FileNotFoundError:
        return [], []
    names = sorted(f for f in folders if f.startswith(PREFIX))
    complete = [n for n in names if storage.exists(f"{n}/{MANIFEST}")]
    # A folder with no file left is no backup (object storage has no empty folders; a disk may keep them).
    return complete, [n for n in names if n not in complete and walk(storage, n)]


def remove(storage, name: str) -> None:
    for file_name in walk(storage, name):
        storage.delete(file_name)
    try:
        folder = Path(storage.path(name))
    except NotImplementedError:  # object storage: deleting the files removed the "folder"
        return
    shutil.rmtree(folder, ignore_errors=True)


def prune(storage, keep: int, current: str) -> list[str]:
    """Keeps the newest `keep` complete backups; removes older ones and interrupted uploads (never `current`)."""
    complete, leftovers = backups(storage)
    doomed = complete[: max(0, len(complete) - keep)] + leftovers
    doomed = [n for n in doomed if n != current]
    for name in doomed:
        remove(storage, name)
    return doomed


def download(storage, name: str, target: Path) -> None:
    for file_name in walk(storage, name):
        path = target / file_name[len(name) + 1 :]
        path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(file_name, "rb") as source, path.open("wb") as out:
            while chunk := source.read(1024 * 1024):
                out.write(chunk)
