"""The scheduled backup goes to the backup storage and keeps the newest BACKUP_KEEP complete ones."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.db import connection

from sllm.ops.backup import remote
from sllm.ops.models import BackupRun
from tasks.ops import backup
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def backup_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "offsite")},
        },
    }
    settings.BACKUP_KEEP = 2
    return storages["backups"]


def test_the_beat_job_keeps_the_newest_backups_and_drops_interrupted_uploads(backup_storage):
    factories.PaperFactory()
    default_storage.save("papers/a.pdf", ContentFile(b"%PDF-1.4 a"))
    backup_storage.save("sllm-20000101T000000000000Z/database.dump", ContentFile(b"half an upload"))

    names = [backup.delay().get()["name"] for _ in range(3)]

    complete, leftovers = remote.backups(backup_storage)
    assert (complete, leftovers) == (names[1:], [])
    assert sorted(os.listdir(backup_storage.location)) == names[1:]
    assert sorted(remote.walk(backup_storage, names[2])) == [
        f"{names[2]}/database.dump",
        f"{names[2]}/files/papers/a.pdf",
        f"{names[2]}/manifest.json",
    ]
    assert list(BackupRun.objects.order_by("id").values_list("name", "status", "trigger", "files")) == [
        (name, "succeeded", "schedule", 1) for name in names
    ]


def test_restore_lists_and_restores_from_the_backup_storage(backup_storage, settings, tmp_path, capsys):
    factories.PaperFactory(title="Sparse attention")
    name = backup.delay().get()["name"]
    call_command("restore", "--list")
    listed = json.loads(capsys.readouterr().out)

    fresh = f"{connection.settings_dict['NAME']}_offsite_{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    base = f"postgres://{db['USER'] or 'postgres'}@{db['HOST']}:{db['PORT']}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        env = {
            **os.environ,
            "DATABASE_URL": f"{base}/{fresh}",
            "MEDIA_ROOT": str(tmp_path / "restored"),
            "BACKUP_ROOT": str(tmp_path / "offsite"),
        }
        done = subprocess.run(
            [sys.executable, "manage.py", "restore", "--from-storage", name],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        missing = subprocess.run(
            [sys.executable, "manage.py", "restore", "--from-storage", "sllm-nope"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        with psycopg.connect(f"{base}/{fresh}") as conn:
            titles = conn.execute("SELECT title FROM submissions_paper").fetchall()
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

    assert listed == {"backups": [name]}
    assert done.returncode == 0, done.stderr
    assert titles == [("Sparse attention",)]
    assert (missing.returncode, json.loads(missing.stderr)) == (
        1,
        {"error": "not_a_backup", "message": "The backup storage holds no complete backup named 'sllm-nope'."},
    )
