"""Backups and restores of the database and every stored file, with a manifest that proves them.

A backup folder holds `manifest.json`, the database (`database.dump`, pg_dump's custom format, or
`database.sqlite3`, a copy by SQLite's backup API) and `files/<storage name>` for every file of the
default storage, read through the storage API so object storage works too. The manifest lists the
row count of every table (counted inside the dump's own snapshot), the applied migrations, and each
file's size and SHA-256. Nothing is written under the final name until the whole backup is complete.
"""

from .errors import BackupError

__all__ = ["BackupError"]
