"""Deadline spike: 300 concurrent submissions with PDFs against gunicorn (deploy/gunicorn.conf.py), PostgreSQL
restarted in the middle. Reports created, refused, duplicated and lost; duplicated and lost must be 0.

Each client sends its submission with an Idempotency-Key and, like a careful client, retries a 503 or a
dropped connection with the same key (up to RETRIES times). Then the database is compared with what
each client was told:
- created: papers stored;
- refused: clients whose last answer was not 201 (the restart outlasted their retries): nothing of theirs may be stored;
- duplicated: papers beyond the first of one client;
- lost: clients told 201 whose paper is not stored, plus clients told "nothing was saved" whose paper is.

The restart runs `pg_ctlcluster 15 main restart` (BENCH_PG_RESTART overrides it, e.g. for a private cluster);
the benchmark works in its own database (BENCH_DATABASE, created afresh) on the server of DATABASE_URL.
"""

import os
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dj_database_url
import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# After the path insert above: the script runs from anywhere.
from tests.perf._common import ROOT, django_setup, write_result

SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", 300))
RESTART_AFTER = int(os.environ.get("BENCH_RESTART_AFTER", SUBMISSIONS // 3))  # answers before the restart
RESTART = shlex.split(os.environ.get("BENCH_PG_RESTART", "pg_ctlcluster 15 main restart"))
RETRIES = 8
SLUG = "spike-2099"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    base = dj_database_url.parse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sllm"))
    name = os.environ.get("BENCH_DATABASE", "sllm_bench_spike")
    admin = dict(host=base["HOST"], port=base["PORT"] or 5432, user=base["USER"], dbname="postgres", autocommit=True)
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://{base['USER']}@{base['HOST']}:{base['PORT'] or 5432}/{name}"


SETUP = f"""
import datetime as dt, json, sys
import django; django.setup()
from django.utils import timezone
from rest_framework.authtoken.models import Token
from tests import factories
edition = factories.EditionFactory(slug="{SLUG}")
factories.TrackFactory(edition=edition, kind="main", submission_deadline=timezone.now() + dt.timedelta(days=1))
tokens = []
for n in range(int(sys.argv[1])):
    user = factories.UserFactory(email=f"spike{{n}}@example.org")
    factories.grant(user, edition, "author")
    tokens.append(Token.objects.create(user=user).key)
json.dump(tokens, sys.stdout)
"""

COUNT = """
import json
import django; django.setup()
from sllm.submissions.models import Paper, PaperFile
rows = list(Paper.objects.values_list("submitted_by__email", flat=True))
json.dump({"papers": rows, "files": PaperFile.objects.count()}, __import__("sys").stdout)
"""


def _django(env, code, *args) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return done.stdout


def _submit(base: str, token: str, pdf: bytes, answers: list) -> dict:
    key = str(uuid.uuid4())
    data = {
        "edition": SLUG,
        "track": "main",
        "title": "A sparse paper at the deadline",
        "abstract": "We prune.",
        "topics": "[]",
        "authors": '[{"name": "Ada Lovelace"}]',
    }
    outcome = {"attempts": 0, "status": None}
    for attempt in range(RETRIES):
        outcome["attempts"] = attempt + 1
        try:
            response = requests.post(
                f"{base}/api/v1/papers/",
                data=data,
                files={"pdf": ("paper.pdf", pdf, "application/pdf")},
                headers={"Authorization": f"Token {token}", "Idempotency-Key": key},
                timeout=60,
            )
            outcome["status"] = response.status_code
        except requests.RequestException:
            outcome["status"] = "connection"
        answers.append(outcome["status"])
        if outcome["status"] not in {503, 502, "connection"}:
            break
        time.sleep(0.5 * 2**attempt)
    return outcome


def main() -> None:
    django_setup()  # only to make the PDF; the server and the counts run in their own processes
    from tests.pdfs import simple_paper_bytes  # needs Django set up

    media = tempfile.mkdtemp(prefix="spike-media-")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "sllm.settings",
        "PYTHONPATH": str(ROOT),
        "MEDIA_ROOT": media,
        "FAST_PASSWORD_HASHER": "1",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    tokens = __import__("json").loads(_django(env, SETUP, str(SUBMISSIONS)))
    port = _free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "sllm.wsgi"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                requests.get(f"{base}/api/v1/editions/", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.5)
        pdf = simple_paper_bytes()
        answers: list = []

        def restart_midway():
            while len(answers) < RESTART_AFTER:
                time.sleep(0.05)
            subprocess.run(RESTART, check=True)

        restarter = threading.Thread(target=restart_midway, daemon=True)
        restarter.start()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
            outcomes = list(pool.map(lambda t: _submit(base, t, pdf, answers), tokens))
        elapsed = time.monotonic() - started
        restarter.join(timeout=120)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=60)

    stored = __import__("json").loads(_django(env, COUNT))
    per_author: dict[str, int] = {}
    for email in stored["papers"]:
        per_author[email] = per_author.get(email, 0) + 1
    told_created = {f"spike{n}@example.org" for n, o in enumerate(outcomes) if o["status"] == 201}
    told_not = {f"spike{n}@example.org" for n, o in enumerate(outcomes) if o["status"] != 201}
    figures = {
        "submissions": SUBMISSIONS,
        "created": len(stored["papers"]),
        "refused": len(told_not),
        "duplicated": sum(count - 1 for count in per_author.values()),
        "lost": len(told_created - set(per_author)) + len(told_not & set(per_author)),
        "files_stored": stored["files"],
        "answers_503": answers.count(503),
        "connection_errors": answers.count("connection"),
        "retries": sum(o["attempts"] - 1 for o in outcomes),
        "seconds": round(elapsed, 2),
    }
    write_result("deadline_spike", figures)
    if figures["duplicated"] or figures["lost"] or figures["files_stored"] != figures["created"]:
        raise SystemExit("duplicated or lost submissions")


if __name__ == "__main__":
    main()
