"""Runs a probe script of the test suite in a process of its own on a fresh SQLite database (what the demo runs
on), with the platform's in-process settings; returns what it printed as JSON."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sqlite_probe(script: str, *args: str, tmp_path: Path, **settings: str) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "sllm.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "USE_REDIS_CACHE": "0",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        **settings,
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / script), *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)
