"""Issue 19, point 2: a GPU runner killed in the middle of a benchmark leaves the job claimed; once its
lease is over the stale-job sweep releases it to the pool, and the restarted runner runs it, once."""

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from sllm.artifacts import services
from sllm.artifacts.sweeps import benchmark_jobs_sweep
from tests.workerkill import wait_until

from .conftest import SPEC

pytestmark = pytest.mark.worker

ROOT = Path(__file__).resolve().parents[2]


def _runner(url: str, token: str, log: Path) -> subprocess.Popen:
    """`python -m sllm.runner poll` as a GPU host runs it (NumPy backend), in a process group of its own."""
    env = {
        **os.environ,
        "RUNNER_PLATFORM_URL": url,
        "RUNNER_TOKEN": token,
        "RUNNER_BACKEND": "numpy",
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "sllm.runner", "poll", "--interval", "0.5"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    process.log = log
    return process


def test_a_benchmark_whose_runner_was_killed_is_released_and_run_once(
    job_workers, live_server, paper, tmp_path, settings
):
    runner, token = services.runner_create(name="gpu-1", pool="sllm-2025")
    services.artifact_set_update(paper=paper, benchmark_spec=SPEC)
    job = services.benchmark_job_request(paper=paper)
    first = _runner(live_server.url, token, tmp_path / "runner-0.log")

    # The runner claims the job and runs it; posting the result then reads the paper's edition: it waits there.
    with job_workers.killed_inside(first, table="workshops_edition", group=True, timeout=240):
        pass

    job.refresh_from_db()
    assert (job.status, job.runner_id, job.attempts, job.result) == ("running", runner.pk, 1, None)
    assert benchmark_jobs_sweep(timezone.now()) == {"requeued": 0, "failed": 0}  # within its lease
    lease_over = timezone.now() + dt.timedelta(seconds=job.time_limit_s + 300 + 601)
    assert benchmark_jobs_sweep(lease_over) == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert (job.status, job.runner_id, job.attempts) == ("queued", None, 1)

    second = _runner(live_server.url, token, tmp_path / "runner-1.log")
    try:
        # The restarted runner reports the job once the platform has answered its result.
        wait_until(lambda: f'"job": {job.pk}' in second.log.read_text(), logs=[first.log, second.log])
    finally:
        os.killpg(second.pid, signal.SIGKILL)
        second.wait(timeout=20)
    job.refresh_from_db()

    assert (job.status, job.runner_id, job.attempts, job.error) == ("done", runner.pk, 2, "")
    assert [(case["tokens"], sorted(case["variants"])) for case in job.result["cases"]] == [
        (1, ["2:4", "dense"]),
        (16, ["2:4", "dense"]),
    ]
    assert second.log.read_text().count(f'"job": {job.pk}') == 1
    # The killed runner's result never landed: its plot, stored before the request was cut, is gone again.
    assert sorted(path.name for path in (Path(settings.MEDIA_ROOT) / "artifacts" / "plots").iterdir()) == [
        Path(job.plot.name).name
    ]
