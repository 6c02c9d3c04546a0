"""A GPU host end to end: it polls the live API with its runner token, claims the queued job of its pool,
runs `python -m sllm.runner` (NumPy backend here), posts result.json and the plot; badges follow."""

import pytest

from sllm.artifacts import selectors, services
from sllm.artifacts.models import BenchmarkJob, Checkpoint
from sllm.runner.job import JobRefused, PlatformClient, job_execute, poll_once
from tasks.artifacts import verify_checkpoint

from .conftest import SPEC

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_queued_job_runs_on_a_runner_and_its_result_comes_back(live_server, paper, settings):
    runner, token = services.runner_create(name="gpu-1", pool="sllm-2025")
    client = PlatformClient(live_server.url, token)
    services.artifact_set_update(paper=paper, benchmark_spec=SPEC)
    job = services.benchmark_job_request(paper=paper)

    assert poll_once(client=client, backend="numpy") == {"job": job.pk, "status": "done"}

    job.refresh_from_db()
    assert (job.status, job.runner, job.attempts, job.gpu_class, job.error) == ("done", runner, 1, "CPU", "")
    assert job.plot.read()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [(c["tokens"], sorted(c["variants"])) for c in job.result["cases"]] == [
        (1, ["2:4", "dense"]),
        (16, ["2:4", "dense"]),
    ]
    (claim,) = job.result["claims"]
    assert job.speedup_reproduced is claim["reproduced"]
    expected = ["Artifact available", "Speedup reproduced"] if claim["reproduced"] else ["Artifact available"]
    assert selectors.badges_for_papers([paper.pk]) == {paper.pk: expected}
    # Nothing left to take; and running the finished job again (a host restarted mid-post) changes nothing.
    assert poll_once(client=client, backend="numpy") is None
    assert job_execute(job_id=job.pk, client=client, backend="numpy") == {"job": job.pk, "status": "done"}
    assert BenchmarkJob.objects.get().finished_at == job.finished_at


def test_a_runner_whose_token_was_revoked_gets_nothing(live_server, paper, settings):
    runner, token = services.runner_create(name="gpu-1", pool="sllm-2025")
    runner.is_active = False
    runner.save()
    services.artifact_set_update(paper=paper, benchmark_spec=SPEC)
    job = BenchmarkJob.objects.create(paper=paper, spec=SPEC, spec_sha256="b" * 64, time_limit_s=60, pool="sllm-2025")

    with pytest.raises(JobRefused):
        poll_once(client=PlatformClient(live_server.url, token), backend="numpy")

    job.refresh_from_db()
    assert (job.status, job.runner) == ("queued", None)


@pytest.mark.worker
def test_a_real_worker_verifies_a_stored_checkpoint(celery_worker_process, paper, upload, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    checkpoint = Checkpoint(paper=paper, original_name="m.safetensors", size=0)
    checkpoint.file.save("m.safetensors", upload(), save=True)

    status = verify_checkpoint.apply_async(args=[checkpoint.pk], queue=celery_worker_process).get(timeout=60)

    checkpoint.refresh_from_db()
    assert (status, checkpoint.status, len(checkpoint.sha256), checkpoint.report["tensors"][0]["nm"]) == (
        "verified",
        "verified",
        64,
        {"2:4": 1.0},
    )
