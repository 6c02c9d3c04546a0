"""Runners reach only their own jobs: a pool fixed when the job is queued, checkpoints only while it runs.

The attacks: before this, any runner token could claim any queued job of any edition (and then download
the checkpoint of a paper under review), and kept reading that checkpoint after the job had ended.
"""

import base64
import json
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from sllm.artifacts import services
from sllm.artifacts.models import BenchmarkJob, Checkpoint, Runner
from sllm.runner.spec import parse_spec

from .conftest import SPEC

pytestmark = pytest.mark.django_db


def _client(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Runner {token}")
    return client


@pytest.fixture
def queued(paper, upload, commit):
    """A job of sllm-2025 with the paper's checkpoint, queued the way an organizer queues it."""
    commit(services.checkpoint_upload, paper=paper, uploaded=upload())
    Checkpoint.objects.update(status=Checkpoint.Status.VERIFIED)
    spec = json.loads(json.dumps(SPEC))
    spec["layers"][0]["tensor"] = "model.layers.0.mlp.up_proj.weight"
    commit(services.artifact_set_update, paper=paper, benchmark_spec=spec)
    return commit(services.benchmark_job_request, paper=paper)


def test_a_job_joins_the_pool_of_its_edition_when_queued(queued):
    assert (queued.pool, queued.status, queued.runner) == ("sllm-2025", "queued", None)


def test_a_runner_of_another_edition_neither_sees_nor_claims_the_job(queued):
    _, token = services.runner_create(name="gpu-elsewhere", pool="other-2026")
    client = _client(token)

    listed = client.get("/api/v1/runner/jobs/")
    claimed = client.post(f"/api/v1/runner/jobs/{queued.pk}/claim/", {}, format="json")
    checkpoint = client.get(f"/api/v1/runner/jobs/{queued.pk}/checkpoint/")

    assert (listed.status_code, listed.json()) == (200, {"jobs": []})
    assert (claimed.status_code, checkpoint.status_code) == (404, 404)
    queued.refresh_from_db()
    assert (queued.status, queued.runner, queued.attempts) == ("queued", None, 0)


def test_a_runner_without_a_pool_sees_nothing(queued):
    _, token = services.runner_create(name="gpu-unassigned")

    assert _client(token).get("/api/v1/runner/jobs/").json() == {"jobs": []}
    assert _client(token).post(f"/api/v1/runner/jobs/{queued.pk}/claim/", {}, format="json").status_code == 404


def test_the_pools_runner_sees_claims_and_reads_the_checkpoint_only_while_the_job_runs(queued):
    _, token = services.runner_create(name="gpu-1", pool="sllm-2025")
    client = _client(token)

    listed = client.get("/api/v1/runner/jobs/").json()
    claimed = client.post(f"/api/v1/runner/jobs/{queued.pk}/claim/", {}, format="json")
    during = client.get(f"/api/v1/runner/jobs/{queued.pk}/checkpoint/")
    posted = client.post(
        f"/api/v1/runner/jobs/{queued.pk}/result/",
        {
            "result": {
                "spec_sha256": queued.spec_sha256,
                "spec": queued.spec,
                "cases": [],
                "environment": {"gpu": "NVIDIA H100 80GB HBM3", "gpu_class": "H100"},
            },
            "plot_png": base64.b64encode(b"\x89PNG\r\n\x1a\nxx").decode(),
        },
        format="json",
    )
    after = client.get(f"/api/v1/runner/jobs/{queued.pk}/checkpoint/")

    assert listed == {
        "jobs": [
            {
                "id": queued.pk,
                "status": "queued",
                "spec": queued.spec,
                "spec_sha256": queued.spec_sha256,
                "has_checkpoint": True,
                "checkpoint_sha256": queued.checkpoint_sha256,
                "time_limit_s": queued.time_limit_s,
            }
        ]
    }
    assert (claimed.status_code, claimed.json()["status"], during.status_code) == (200, "running", 200)
    assert (posted.status_code, posted.json()["status"]) == (200, "done")
    assert after.status_code == 404
    assert client.get("/api/v1/runner/jobs/").json() == {"jobs": []}


def test_the_service_refuses_a_claim_from_another_pool(paper, commit):
    spec = parse_spec(SPEC)
    job = BenchmarkJob.objects.create(
        paper=paper, spec=spec.as_dict(), spec_sha256=spec.sha256(), time_limit_s=60, pool="sllm-2025"
    )
    other, _ = services.runner_create(name="gpu-x", pool="other-2026")

    with pytest.raises(Exception) as refusal:
        services.benchmark_job_claim(job=job, runner=other)

    assert refusal.value.code == "other_pool"
    job.refresh_from_db()
    assert (job.status, job.runner) == ("queued", None)


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("bad", 401)])
def test_the_job_list_needs_a_runner_token(queued, who, status):
    client = APIClient()
    if who:
        client.credentials(HTTP_AUTHORIZATION="Runner not-a-token")

    assert client.get("/api/v1/runner/jobs/").status_code == status


def test_create_runner_takes_the_pool(db):
    out = StringIO()

    call_command("create_runner", "gpu-7", "--pool", "sllm-2025", stdout=out)

    printed = json.loads(out.getvalue())
    assert (printed["runner"], printed["pool"], len(printed["token"]) > 30) == ("gpu-7", "sllm-2025", True)
    assert list(Runner.objects.values_list("name", "pool")) == [("gpu-7", "sllm-2025")]
