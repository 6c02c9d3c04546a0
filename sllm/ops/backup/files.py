"""The files half of a backup: every file of a storage, read and written only through the storage API."""

import hashlib
from pathlib import Path

from django.core.files import File

from .errors import BackupError
from .manifest import CHUNK


def walk(storage, folder: str = "") -> list[str]:
    """Every file name in a storage, sorted (storage APIs list one folder level at a time)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        names += walk(storage, prefix + sub)
    return sorted(names)


def copy_out(storage, name: str, target: Path) -> dict:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with storage.open(name, "rb") as source, target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return {"name": name, "sha256": digest.hexdigest(), "bytes": size}


def copy_in(storage, name: str, source: Path) -> None:
    with source.open("rb") as handle:
        saved = storage.save(name, File(handle, name=name))
    if saved != name:
        storage.delete(saved)
        raise BackupError(f"The storage already holds {name}; nothing was overwritten.", code="storage_not_empty")


def delete_all(storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)
