"""The demo's database is SQLite: its backup (SQLite's backup API) restores into a fresh file whole."""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WRITE = """
import django; django.setup()
from django.core.management import call_command
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from sllm.ops.models import Heartbeat
call_command("migrate", "ops", verbosity=0)
now = timezone.now()
Heartbeat.objects.create(kind="worker", name="w1", queues=["default"], started_at=now, seen_at=now)
default_storage.save("papers/a.pdf", ContentFile(b"%PDF-1.4 demo"))
call_command("backup", "--out", "{out}")
"""


def _env(tmp_path: Path, name: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sllm.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / name}.sqlite3",
        "MEDIA_ROOT": str(tmp_path / f"media-{name}"),
        "USE_REDIS_CACHE": "0",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_a_sqlite_backup_restores_into_a_fresh_file_with_the_same_rows_and_files(tmp_path):
    written = _run([sys.executable, "-c", WRITE.format(out=tmp_path / "backup")], _env(tmp_path, "demo"))
    restored = _run([sys.executable, "manage.py", "restore", str(tmp_path / "backup")], _env(tmp_path, "fresh"))
    again = _run([sys.executable, "manage.py", "restore", str(tmp_path / "backup")], _env(tmp_path, "fresh"))

    assert written.returncode == 0, written.stderr
    assert restored.returncode == 0, restored.stderr
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert (manifest["engine"], manifest["database"]["path"], manifest["tables"]["ops_heartbeat"]) == (
        "sqlite",
        "database.sqlite3",
        1,
    )
    summary = json.loads(restored.stdout)
    assert (summary["files"], summary["rows"]) == (1, sum(manifest["tables"].values()))
    # The source holds one row more than its backup: the log of that very backup, written after the snapshot.
    backup_log = ('INSERT INTO "ops_backuprun"', "INSERT INTO \"sqlite_sequence\" VALUES('ops_backuprun'")
    source = [line for line in sqlite3.connect(tmp_path / "demo.sqlite3").iterdump() if not line.startswith(backup_log)]
    copy = list(sqlite3.connect(tmp_path / "fresh.sqlite3").iterdump())
    assert copy == source
    pdf = (tmp_path / "media-fresh" / "papers" / "a.pdf").read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == hashlib.sha256(b"%PDF-1.4 demo").hexdigest()
    assert (again.returncode, json.loads(again.stderr)["error"]) == (1, "target_not_empty")
