"""A GPU host's worker end to end: the gpu-queue task claims the job through the live API with its runner
token, runs `python -m sllm.runner` (NumPy backend here), posts result.json and the plot; badges follow."""

import pytest

from sllm.artifacts import selectors, services
from sllm.artifacts.models import BenchmarkJob, Checkpoint
from tasks.artifacts import run_benchmark_job, verify_checkpoint

from .conftest import SPEC

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_queued_job_runs_on_a_runner_and_its_result_comes_back(live_server, paper, settings):
    runner, token = services.runner_create(name="gpu-1")
    settings.RUNNER_PLATFORM_URL, settings.RUNNER_TOKEN, settings.RUNNER_BACKEND = (
        live_server.url,
        token,
        "numpy",
    )
    services.artifact_set_update(paper=paper, benchmark_spec=SPEC)

    job = services.benchmark_job_request(paper=paper)

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
    # Delivered twice (acks_late after a lost worker): the finished job is not run again.
    assert run_benchmark_job.apply(args=[job.pk]).get() == {"job": job.pk, "status": "done"}
    assert BenchmarkJob.objects.get().finished_at == job.finished_at


def test_a_runner_whose_token_was_revoked_gets_nothing(live_server, paper, settings):
    runner, token = services.runner_create(name="gpu-1")
    runner.is_active = False
    runner.save()
    settings.RUNNER_PLATFORM_URL, settings.RUNNER_TOKEN, settings.RUNNER_BACKEND = (
        live_server.url,
        token,
        "numpy",
    )
    services.artifact_set_update(paper=paper, benchmark_spec=SPEC)
    job = BenchmarkJob.objects.create(paper=paper, spec=SPEC, spec_sha256="b" * 64, time_limit_s=60)

    with pytest.raises(Exception) as caught:
        run_benchmark_job.apply(args=[job.pk]).get()

    job.refresh_from_db()
    assert (type(caught.value).__name__, job.status, job.runner) == ("JobRefused", "queued", None)


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
