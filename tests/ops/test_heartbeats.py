"""Real Celery processes report their heartbeats and job outcomes."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from sllm.ops import broker
from sllm.ops.models import Heartbeat
from tasks.core import recheck_paper_file

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.fixture
def clean_outcome_counters():
    with broker.client() as conn:
        conn.delete(broker.TOTALS_KEY, broker.DAY_KEY.format(day=broker._day()))


@pytest.mark.worker
def test_a_worker_reports_its_heartbeat_and_job_outcomes(celery_worker_process, clean_outcome_counters, client):
    queue = celery_worker_process

    _wait_for(lambda: Heartbeat.objects.filter(kind="worker", queues=[queue]).exists())
    beat = Heartbeat.objects.get(kind="worker", queues=[queue])
    assert (beat.name, beat.started_at <= beat.seen_at) == (f"{queue}@{os.uname().nodename}", True)

    # A missing paper file is a success (logged); an id that is no number fails the job.
    assert recheck_paper_file.apply_async(args=[987654], queue=queue).get(timeout=60) is None
    failing = recheck_paper_file.apply_async(args=["not-a-number"], queue=queue)
    with pytest.raises(ValueError):
        failing.get(timeout=60)

    _wait_for(lambda: broker.outcome_totals().get((queue, "failed")) == 1)
    assert broker.outcome_totals() == {(queue, "succeeded"): 1, (queue, "failed"): 1}
    assert broker.outcomes_today() == {(queue, "succeeded"): 1, (queue, "failed"): 1}


@pytest.mark.worker
def test_beat_reports_its_heartbeat(transactional_db, tmp_path):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    log = (tmp_path / "beat.log").open("w")
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tasks", "beat", "-s", str(tmp_path / "schedule"), "-l", "info"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(lambda: Heartbeat.objects.filter(kind="beat").exists(), seconds=90)
    finally:
        beat.terminate()
        beat.wait(timeout=20)
        log.close()

    row = Heartbeat.objects.get(kind="beat")
    assert (row.name, row.queues, row.pid) == (os.uname().nodename, [], beat.pid)
