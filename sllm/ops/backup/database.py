"""The database half of a backup: a consistent dump with its row counts, and an all-or-nothing restore.

PostgreSQL: the row counts and the applied migrations are read in a REPEATABLE READ transaction whose
snapshot pg_dump shares (--snapshot), so the manifest describes exactly the rows in the dump. The
restore drops the schema and replays the dump in one psql transaction: it lands whole or not at all.
SQLite (the demo): the backup API copies a consistent image, and the counts are read from that copy.
"""

import os
import shutil
import sqlite3
import subprocess
from collections import defaultdict
from pathlib import Path

from django.db import connection, transaction

from .errors import BackupError

# Rows Django itself writes into any freshly migrated database: they do not make a database "in use".
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


def _pg_env_and_args() -> tuple[dict, list[str]]:
    config = connection.settings_dict
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if config.get(key):
            args += [flag, str(config[key])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).", code="missing_tool")
    return path


def table_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations(rows) -> dict[str, list[str]]:
    applied = defaultdict(list)
    for app, name in rows:
        applied[app].append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def dump(target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Writes the database to `target`; returns (rows per table, applied migrations) of that very copy."""
    if connection.vendor == "postgresql":
        return _dump_postgresql(target)
    if connection.vendor == "sqlite":
        return _dump_sqlite(target)
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.", code="unsupported")


def _dump_postgresql(target: Path):
    env, args = _pg_env_and_args()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        counts = table_counts(cursor, tables)
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = _applied_migrations(cursor.fetchall())
        command = [_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--no-privileges"]
        command += [f"--snapshot={snapshot}", "--file", str(target), connection.settings_dict["NAME"]]
        finished = subprocess.run(command, env=env, capture_output=True, text=True)
    if finished.returncode:
        raise BackupError(f"pg_dump failed: {finished.stderr.strip()}", code="dump_failed")
    return counts, migrations


def _dump_sqlite(target: Path):
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        tables = [row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables = [t for t in tables if not t.startswith("sqlite_")]
        counts = {t: copy.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
        migrations = _applied_migrations(copy.execute("SELECT app, name FROM django_migrations"))
    finally:
        copy.close()
        source.close()
    return counts, migrations


def current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return table_counts(cursor, connection.introspection.table_names(cursor))


def rows_in_use() -> dict[str, int]:
    """Tables of the configured database that hold rows beyond what migrating writes."""
    counts = current_counts()
    return {table: n for table, n in counts.items() if n and table not in BOOKKEEPING_TABLES}


def restore(source: Path, engine: str) -> None:
    if engine != connection.vendor:
        raise BackupError(
            f"This is a {engine} backup; the configured database is {connection.vendor}.", code="wrong_engine"
        )
    if engine == "postgresql":
        _restore_postgresql(source)
    else:
        _restore_sqlite(source)
    connection.close()


def _restore_postgresql(source: Path) -> None:
    env, args = _pg_env_and_args()
    connection.close()
    script = subprocess.Popen(
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file", "-", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # One transaction around dropping what is there and replaying the dump: an error leaves the old database.
    replay = subprocess.Popen(
        [_tool("psql"), *args, "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
        + ["--dbname", connection.settings_dict["NAME"]],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        replay.stdin.write(b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n")
        shutil.copyfileobj(script.stdout, replay.stdin, 1024 * 1024)
        replay.stdin.close()
    except BrokenPipeError:  # psql stopped at an error; its message follows
        script.kill()
    replay_error = replay.stderr.read().decode(errors="replace")
    script_error = script.stderr.read().decode(errors="replace")
    if script.wait() or replay.wait():
        raise BackupError(
            f"The restore failed and was rolled back: {(script_error or replay_error).strip()[:1000]}",
            code="restore_failed",
        )


def _restore_sqlite(source: Path) -> None:
    connection.close()
    image = sqlite3.connect(source)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        image.backup(target)  # replaces the target's pages in one step
    finally:
        target.close()
        image.close()
