"""The REST API: authors' artifacts, and the runner token's scope (its jobs and their results only)."""

import base64

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sllm.artifacts import services
from sllm.artifacts.models import ArtifactSet, BenchmarkJob, Checkpoint, Runner
from sllm.runner.spec import parse_spec

from .conftest import SPEC

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "author", "reviewer", "mentor", "organizer", "stranger"]


@pytest.fixture
def api_for(people):
    def make(role):
        client = APIClient()
        if people[role] is not None:
            client.force_authenticate(people[role])
        return client

    return make


@pytest.fixture
def people(author, reviewer, mentor, organizer, stranger):
    return {
        "anonymous": None,
        "author": author,
        "reviewer": reviewer,
        "mentor": mentor,
        "organizer": organizer,
        "stranger": stranger,
    }


@pytest.mark.parametrize("role", ROLES)
def test_the_artifacts_api_is_for_the_papers_authors(api_for, paper, role):
    client = api_for(role)

    shown = client.get(f"/api/v1/papers/{paper.pk}/artifacts/")
    changed = client.patch(
        f"/api/v1/papers/{paper.pk}/artifacts/", {"code_url": "https://github.com/x/y"}, format="json"
    )

    if role == "author":
        assert (shown.status_code, changed.status_code) == (200, 200)
        assert changed.json() == {
            "paper": paper.pk,
            "code_url": "https://github.com/x/y",
            "code_commit": "",
            "claims": None,
            "benchmark_spec": None,
            "spec_sha256": "",
            "checkpoint": None,
            "jobs": [],
            "badges": [],
        }
        assert list(ArtifactSet.objects.values_list("code_url", flat=True)) == ["https://github.com/x/y"]
    else:
        expected = 403 if role == "anonymous" else 404
        assert (shown.status_code, changed.status_code) == (expected, expected)
        assert list(ArtifactSet.objects.all()) == []


def test_the_author_uploads_through_the_api_and_reads_the_verification(api_for, paper, upload, commit):
    client = api_for("author")

    response = commit(
        client.post,
        path=f"/api/v1/papers/{paper.pk}/artifacts/checkpoint/",
        data={"file": upload()},
        format="multipart",
    )

    assert response.status_code == 201
    body = client.get(f"/api/v1/papers/{paper.pk}/artifacts/").json()
    assert (body["checkpoint"]["status"], body["checkpoint"]["sha256"], body["badges"]) == (
        "verified",
        Checkpoint.objects.get().sha256,
        ["Artifact available"],
    )


@pytest.mark.parametrize(
    ("data", "status", "error"),
    [
        (
            {},
            400,
            {
                "error": "invalid",
                "message": "Invalid input. file: Attach the checkpoint as `file`.",
                "fields": {"file": ["Attach the checkpoint as `file`."]},
            },
        ),
        (
            {"file": b"\x80\x05\x95 pickled"},
            400,
            {"error": "not_safetensors", "message": "This is a Python pickle, not a safetensors file."},
        ),
    ],
)
def test_bad_uploads_answer_a_clear_400_and_store_nothing(api_for, paper, upload, data, status, error):
    if "file" in data:
        data = {"file": upload("model.pt", data["file"])}

    response = api_for("author").post(f"/api/v1/papers/{paper.pk}/artifacts/checkpoint/", data, format="multipart")

    assert (response.status_code, response.json()) == (status, error)
    assert list(Checkpoint.objects.all()) == []


def test_a_bad_spec_lists_its_problems(api_for, paper):
    response = api_for("author").patch(
        f"/api/v1/papers/{paper.pk}/artifacts/",
        {"benchmark_spec": {"layers": [], "tokens": [0]}},
        format="json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "error": "invalid_spec",
            "message": "Benchmark spec: layers: must be a list of 1 to 32 layers; "
            "tokens[0]: must be an integer from 1 to 65536",
            "problems": [
                "layers: must be a list of 1 to 32 layers",
                "tokens[0]: must be an integer from 1 to 65536",
            ],
        },
    )
    assert list(ArtifactSet.objects.all()) == []


@pytest.fixture
def jobs(paper, main_track, upload, commit):
    """Two jobs: `mine` claimed by runner gpu-1, `other` queued. Returns (runner token, other token, jobs)."""
    commit(services.checkpoint_upload, paper=paper, uploaded=upload())
    spec = parse_spec(SPEC)
    mine = BenchmarkJob.objects.create(
        paper=paper,
        spec=spec.as_dict(),
        spec_sha256=spec.sha256(),
        checkpoint_sha256=Checkpoint.objects.get().sha256,
        time_limit_s=60,
        pool="sllm-2025",
    )
    other = BenchmarkJob.objects.create(
        paper=paper, spec=spec.as_dict(), spec_sha256=spec.sha256(), time_limit_s=60, pool="sllm-2025"
    )
    runner, token = services.runner_create(name="gpu-1", pool="sllm-2025")
    _, other_token = services.runner_create(name="gpu-2", pool="sllm-2025")
    services.benchmark_job_claim(job=mine, runner=runner)
    return token, other_token, mine, other


def _runner_client(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Runner {token}")
    return client


def _result(job):
    return {
        "result": {
            "spec_sha256": job.spec_sha256,
            "spec": job.spec,
            "cases": [],
            "environment": {"gpu": "NVIDIA H100 80GB HBM3", "gpu_class": "H100"},
        },
        "plot_png": base64.b64encode(b"\x89PNG\r\n\x1a\nxx").decode(),
    }


def test_a_runner_reads_its_job_and_checkpoint_and_posts_the_result(jobs, checkpoint_bytes):
    token, _, mine, _ = jobs
    client = _runner_client(token)

    claimed = client.post(f"/api/v1/runner/jobs/{mine.pk}/claim/", {}, format="json")
    checkpoint = client.get(f"/api/v1/runner/jobs/{mine.pk}/checkpoint/")
    posted = client.post(f"/api/v1/runner/jobs/{mine.pk}/result/", _result(mine), format="json")
    again = client.post(f"/api/v1/runner/jobs/{mine.pk}/result/", {"error": "late duplicate"}, format="json")

    assert claimed.json() == {
        "id": mine.pk,
        "status": "running",
        "spec": mine.spec,
        "spec_sha256": mine.spec_sha256,
        "has_checkpoint": True,
        "checkpoint_sha256": mine.checkpoint_sha256,
        "time_limit_s": 60,
    }
    assert b"".join(checkpoint.streaming_content) == checkpoint_bytes
    assert (posted.status_code, posted.json()) == (
        200,
        {"id": mine.pk, "status": "done", "speedup_reproduced": False},
    )
    assert (again.status_code, again.json()["status"]) == (200, "done")
    mine.refresh_from_db()
    assert (mine.status, mine.gpu_class, mine.error, mine.plot.read()) == (
        "done",
        "H100",
        "",
        b"\x89PNG\r\n\x1a\nxx",
    )


def test_a_runner_token_reaches_nothing_else(jobs, paper, author, organizer):
    token, other_token, mine, other = jobs
    client = _runner_client(other_token)
    before = list(BenchmarkJob.objects.order_by("pk").values_list("status", "runner__name", "result"))

    answers = [
        client.post(f"/api/v1/runner/jobs/{mine.pk}/claim/", {}, format="json").status_code,
        client.get(f"/api/v1/runner/jobs/{mine.pk}/checkpoint/").status_code,
        client.post(f"/api/v1/runner/jobs/{mine.pk}/result/", _result(mine), format="json").status_code,
        client.post(f"/api/v1/runner/jobs/{other.pk}/result/", _result(other), format="json").status_code,
        client.get(f"/api/v1/runner/jobs/{other.pk}/checkpoint/").status_code,
        client.get(f"/api/v1/papers/{paper.pk}/artifacts/").status_code,
        client.patch(f"/api/v1/papers/{paper.pk}/artifacts/", {"code_url": "https://x.org"}, format="json").status_code,
        client.get(f"/organize/{paper.edition.slug}/artifacts/").status_code,
        client.get("/api/v1/papers/999999/").status_code,
    ]

    assert answers == [404, 404, 404, 404, 404, 403, 403, 302, 404]
    assert list(BenchmarkJob.objects.order_by("pk").values_list("status", "runner__name", "result")) == before
    assert list(ArtifactSet.objects.all()) == []


@pytest.mark.parametrize("who", ["anonymous", "author session", "author api token", "organizer", "bad runner token"])
def test_people_and_bad_tokens_cannot_use_the_runner_api(jobs, author, organizer, who):
    _, _, mine, other = jobs
    client = APIClient()
    if who == "author session":
        client.force_login(author)
    elif who == "author api token":
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=author).key}")
    elif who == "organizer":
        client.force_login(organizer)
    elif who == "bad runner token":
        client.credentials(HTTP_AUTHORIZATION="Runner not-a-token")
    before = list(BenchmarkJob.objects.order_by("pk").values_list("status", "runner__name"))

    answers = [
        client.post(f"/api/v1/runner/jobs/{other.pk}/claim/", {}, format="json").status_code,
        client.get(f"/api/v1/runner/jobs/{mine.pk}/checkpoint/").status_code,
        client.post(f"/api/v1/runner/jobs/{mine.pk}/result/", _result(mine), format="json").status_code,
    ]

    assert answers == [401, 401, 401]
    assert list(BenchmarkJob.objects.order_by("pk").values_list("status", "runner__name")) == before


def test_a_disabled_runner_is_refused(jobs):
    token, _, mine, _ = jobs
    Runner.objects.filter(name="gpu-1").update(is_active=False)

    response = _runner_client(token).post(f"/api/v1/runner/jobs/{mine.pk}/claim/", {}, format="json")

    assert (response.status_code, response.json()) == (401, {"detail": "Unknown or disabled runner token."})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Post a result or an error."),
        ({"result": {"cases": []}}, "The result lacks spec_sha256, spec, environment or cases."),
        ({"error": "", "result": None}, "Invalid input. result: This field may not be null."),
    ],
)
def test_a_malformed_result_is_refused_and_the_job_keeps_running(jobs, body, message):
    token, _, mine, _ = jobs

    response = _runner_client(token).post(f"/api/v1/runner/jobs/{mine.pk}/result/", body, format="json")

    mine.refresh_from_db()
    assert (response.status_code, response.json()["message"], mine.status) == (400, message, "running")


def test_a_plot_that_is_not_a_png_is_refused(jobs):
    token, _, mine, _ = jobs
    body = {**_result(mine), "plot_png": base64.b64encode(b"<svg/>").decode()}

    response = _runner_client(token).post(f"/api/v1/runner/jobs/{mine.pk}/result/", body, format="json")

    mine.refresh_from_db()
    assert (response.status_code, response.json()["message"], mine.status) == (
        400,
        "plot_png must be a PNG of at most 5 MB.",
        "running",
    )


def test_an_upload_retried_with_its_idempotency_key_is_stored_once(api_for, paper, upload, commit):
    client = api_for("author")
    url = f"/api/v1/papers/{paper.pk}/artifacts/checkpoint/"
    headers = {"Idempotency-Key": "checkpoint-upload-1"}

    first = commit(client.post, path=url, data={"file": upload()}, format="multipart", headers=headers)
    stored = Checkpoint.objects.values("pk", "file", "sha256").get()
    retry = commit(client.post, path=url, data={"file": upload()}, format="multipart", headers=headers)

    assert (first.status_code, first["Idempotent-Replayed"]) == (201, "false")
    assert (retry.status_code, retry["Idempotent-Replayed"]) == (201, "true")
    assert retry.json() == first.json()
    assert list(Checkpoint.objects.values("pk", "file", "sha256")) == [stored]
