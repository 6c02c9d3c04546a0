"""manage.py backup / restore: a demo backup restores whole into a fresh database; refusals change nothing."""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from sllm.ops.backup import BackupError
from sllm.ops.backup.files import walk
from sllm.ops.models import BackupRun
from sllm.ops.services import backup_create, backup_restore
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def _dsn(name: str) -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST']}:{db['PORT']}/{name}"


@pytest.fixture
def fresh_database():
    """An empty PostgreSQL database of its own, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restore_command(source: Path, database: str, media: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": _dsn(database), "MEDIA_ROOT": str(media), "CELERY_TASK_ALWAYS_EAGER": "1"}
    command = [sys.executable, "manage.py", "restore", str(source), *extra]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def _table_digests(dsn: str) -> dict[str, tuple[int, str]]:
    """(rows, md5 of every row's text in order) for each table: equal digests mean equal contents."""
    with psycopg.connect(dsn) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {
            table: conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()
            for table in sorted(tables)
        }


def _file_digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _counts():
    return {
        "backups": BackupRun.objects.count(),
        "users": factories.UserFactory._meta.model.objects.count(),
        "files": walk(default_storage),
    }


def test_a_demo_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(settings, tmp_path, fresh_database):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    source_tables = _table_digests(_dsn(connection.settings_dict["NAME"]))
    source_files = _file_digests(Path(settings.MEDIA_ROOT))

    content = backup_create(out=tmp_path / "backup")
    restored = _restore_command(tmp_path / "backup", fresh_database, tmp_path / "restored-media")

    assert restored.returncode == 0, restored.stderr
    summary = json.loads(restored.stdout)
    assert (summary["rows"], summary["files"], summary["tables"]) == (
        sum(n for n, _ in source_tables.values()),
        len(source_files),
        len(source_tables),
    )
    assert _table_digests(_dsn(fresh_database)) == source_tables
    assert _file_digests(tmp_path / "restored-media") == source_files
    assert content["tables"] == {table: n for table, (n, _) in source_tables.items()}
    assert sorted(f["name"] for f in content["files"]) == sorted(source_files)
    assert source_tables["submissions_paper"][0] == 40 and len(source_files) > 40
    backup = BackupRun.objects.get()
    assert (backup.status, backup.rows, backup.files, backup.bytes) == (
        "succeeded",
        sum(content["tables"].values()),
        len(source_files),
        content["bytes"],
    )


def _small_backup(tmp_path) -> Path:
    factories.PaperFactory(title="Sparse attention")
    default_storage.save("papers/a.pdf", ContentFile(b"%PDF-1.4 a"))
    backup_create(out=tmp_path / "backup")
    return tmp_path / "backup"


def test_restore_refuses_a_database_in_use_and_changes_nothing(tmp_path):
    source = _small_backup(tmp_path)
    before = _counts()

    with pytest.raises(BackupError) as refused:
        backup_restore(source=source)

    assert refused.value.code == "target_not_empty"
    assert refused.value.message.startswith("The target is not empty: the database has rows in ")
    assert refused.value.message.endswith(
        "; the storage holds 1 files. Restore into a fresh database and storage, or pass --force to replace them."
    )
    assert _counts() == before


def test_restore_refuses_a_file_that_differs_from_the_manifest(tmp_path, fresh_database):
    source = _small_backup(tmp_path)
    (source / "files" / "papers" / "a.pdf").write_bytes(b"%PDF-1.4 b")

    refused = _restore_command(source, fresh_database, tmp_path / "media-2")

    assert refused.returncode == 1
    error = json.loads(refused.stderr)
    assert error["error"] == "manifest_mismatch"
    assert error["message"].startswith(
        "The backup does not match its manifest: files/papers/a.pdf differs from the manifest (10 bytes, sha256 "
    )
    assert _table_digests(_dsn(fresh_database)) == {}
    assert not (tmp_path / "media-2").exists()


def test_restore_refuses_missing_and_unlisted_files(tmp_path):
    source = _small_backup(tmp_path)
    (source / "files" / "papers" / "a.pdf").unlink()
    (source / "files" / "extra.txt").write_text("x")

    with pytest.raises(BackupError) as refused:
        backup_restore(source=source)

    assert (refused.value.code, refused.value.message) == (
        "manifest_mismatch",
        "The backup does not match its manifest: files/papers/a.pdf is missing; files/extra.txt is not in the manifest.",
    )


def test_restore_refuses_a_backup_from_a_newer_schema(tmp_path):
    source = _small_backup(tmp_path)
    manifest = json.loads((source / "manifest.json").read_text())
    manifest["migrations"]["ops"].append("0999_from_the_future")
    (source / "manifest.json").write_text(json.dumps(manifest))
    before = _counts()

    with pytest.raises(BackupError) as refused:
        backup_restore(source=source, force=True)

    assert (refused.value.code, refused.value.message) == (
        "newer_schema",
        "The backup comes from a newer schema than this code (ops.0999_from_the_future unknown here): "
        "deploy the code the backup was taken with, or a later one, then restore.",
    )
    assert _counts() == before


def test_restore_refuses_a_folder_without_a_manifest(tmp_path):
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "database.dump").write_bytes(b"PGDMP")

    with pytest.raises(BackupError) as refused:
        backup_restore(source=tmp_path / "half")

    assert (refused.value.code, refused.value.message) == (
        "not_a_backup",
        f"{tmp_path / 'half'} holds no manifest.json: not a complete backup.",
    )


def test_restore_with_force_replaces_a_database_in_use(tmp_path, fresh_database):
    source = _small_backup(tmp_path)
    first = _restore_command(source, fresh_database, tmp_path / "media-2")
    refused = _restore_command(source, fresh_database, tmp_path / "media-2")
    forced = _restore_command(source, fresh_database, tmp_path / "media-2", "--force")

    assert (first.returncode, refused.returncode, forced.returncode) == (0, 1, 0)
    assert json.loads(refused.stderr)["error"] == "target_not_empty"
    assert json.loads(forced.stdout)["files"] == 1
    with psycopg.connect(_dsn(fresh_database)) as conn:
        assert conn.execute("SELECT title FROM submissions_paper").fetchall() == [("Sparse attention",)]


def test_backup_refuses_a_folder_that_holds_something(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")

    with pytest.raises(BackupError) as refused:
        backup_create(out=tmp_path / "taken")

    assert (refused.value.code, refused.value.message) == (
        "target_exists",
        f"{tmp_path / 'taken'} already exists and is not empty; choose a new folder.",
    )
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]
    assert BackupRun.objects.count() == 0


def test_an_interrupted_backup_leaves_nothing_that_looks_complete(settings, tmp_path):
    default_storage.save("papers/a.pdf", ContentFile(b"%PDF-1.4 a"))
    # A file that vanishes while the backup copies the storage (a dangling link reads as a file that is gone).
    os.symlink(tmp_path / "nowhere", Path(settings.MEDIA_ROOT) / "papers" / "vanished.pdf")

    with pytest.raises(FileNotFoundError):
        backup_create(out=tmp_path / "backups" / "tonight")

    assert list((tmp_path / "backups").iterdir()) == []
    backup = BackupRun.objects.get()
    assert (backup.status, backup.name) == ("failed", "tonight")
    assert backup.error.startswith("[Errno 2] No such file or directory")


def test_the_backup_command_prints_its_summary_and_errors_as_json(tmp_path, capsys):
    call_command("backup", "--out", str(tmp_path / "b1"))
    summary = json.loads(capsys.readouterr().out)

    with pytest.raises(SystemExit):
        call_command("backup", "--out", str(tmp_path / "b1"))

    assert (summary["out"], summary["engine"], summary["files"]) == (str(tmp_path / "b1"), "postgresql", 0)
    assert json.loads(capsys.readouterr().err) == {
        "error": "target_exists",
        "message": f"{tmp_path / 'b1'} already exists and is not empty; choose a new folder.",
    }
