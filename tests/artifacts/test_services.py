"""Services of the artifacts app: uploads, verification, declared artifacts, jobs and badges."""

import pytest
from django.core.files.storage import default_storage

from sllm.artifacts import selectors, services
from sllm.artifacts.models import ArtifactSet, BenchmarkJob, Checkpoint
from sllm.core.errors import ApplicationError, Conflict
from sllm.runner.spec import parse_spec
from tests import factories

from .conftest import CLAIMS, SPEC

pytestmark = pytest.mark.django_db


def test_an_upload_is_stored_then_verified_against_the_claims(commit, paper, upload, checkpoint_bytes):
    commit(services.artifact_set_update, paper=paper, claims=CLAIMS)

    commit(services.checkpoint_upload, paper=paper, uploaded=upload())

    checkpoint = Checkpoint.objects.get(paper=paper)
    assert (checkpoint.status, checkpoint.claims_hold, checkpoint.size, checkpoint.original_name) == (
        "verified",
        True,
        len(checkpoint_bytes),
        "model.safetensors",
    )
    assert checkpoint.file.read() == checkpoint_bytes
    assert [c["holds"] for c in checkpoint.report["claims"]] == [True, True]
    assert selectors.badges_for_papers([paper.pk]) == {paper.pk: ["Artifact available", "Sparsity verified"]}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}\x94.", "not_safetensors"),
        (b"PK\x03\x04" + b"\0" * 200, "not_safetensors"),
    ],
)
def test_pickle_formats_are_refused_by_content_and_nothing_is_stored(commit, paper, upload, data, code):
    with pytest.raises(ApplicationError) as caught:
        commit(services.checkpoint_upload, paper=paper, uploaded=upload("model.safetensors", data))

    assert caught.value.code == code
    assert list(Checkpoint.objects.all()) == []
    assert default_storage.exists("artifacts") is False


def test_a_broken_upload_stores_nothing(commit, paper, upload, checkpoint_bytes):
    with pytest.raises(ApplicationError) as caught:
        commit(services.checkpoint_upload, paper=paper, uploaded=upload("m.safetensors", checkpoint_bytes[:-10]))

    assert (caught.value.code, list(Checkpoint.objects.all())) == ("truncated", [])


def test_a_new_upload_replaces_the_old_file(commit, paper, upload):
    first = commit(services.checkpoint_upload, paper=paper, uploaded=upload())
    old_name = first.file.name

    second = commit(services.checkpoint_upload, paper=paper, uploaded=upload("v2.safetensors"))

    assert (Checkpoint.objects.count(), second.pk, default_storage.exists(old_name)) == (1, first.pk, False)
    assert Checkpoint.objects.get().original_name == "v2.safetensors"


def test_claims_that_fail_earn_no_sparsity_badge(commit, paper, upload):
    commit(services.checkpoint_upload, paper=paper, uploaded=upload())

    commit(services.artifact_set_update, paper=paper, claims={"global_sparsity": 0.9})

    checkpoint = Checkpoint.objects.get()
    assert (checkpoint.claims_hold, checkpoint.report["claims"][0]["holds"]) == (False, False)
    assert selectors.badges_for_papers([paper.pk]) == {paper.pk: ["Artifact available"]}


@pytest.mark.parametrize(
    ("values", "code", "message"),
    [
        (
            {"code_url": "https://github.com/x/y", "code_commit": "xyz"},
            "invalid",
            "The commit must be a git hash of 7 to 40 hex digits.",
        ),
        ({"code_commit": "abcdef1"}, "invalid", "A commit needs the code link it belongs to."),
        (
            {"claims": {"global_sparsity": 3}},
            "invalid_claim",
            "Sparsity claims: global_sparsity must be a number between 0 and 1.",
        ),
        (
            {"benchmark_spec": {"layers": [], "tokens": [1]}},
            "invalid_spec",
            "Benchmark spec: layers: must be a list of 1 to 32 layers",
        ),
    ],
)
def test_bad_declarations_are_refused_and_nothing_is_stored(commit, paper, values, code, message):
    with pytest.raises(ApplicationError) as caught:
        commit(services.artifact_set_update, paper=paper, **values)

    assert (caught.value.code, caught.value.message) == (code, message)
    assert list(ArtifactSet.objects.all()) == []


def test_a_spec_is_stored_normalized_and_hashed(commit, paper):
    artifacts = commit(
        services.artifact_set_update,
        paper=paper,
        code_url="https://github.com/x/y",
        code_commit="ABCDEF1234",
        benchmark_spec=SPEC,
    )

    assert artifacts.benchmark_spec == parse_spec(SPEC).as_dict()
    assert (artifacts.spec_sha256, artifacts.code_commit) == (parse_spec(SPEC).sha256(), "abcdef1234")
    assert selectors.badges_for_papers([paper.pk]) == {paper.pk: ["Artifact available"]}


def test_asking_twice_for_a_benchmark_gives_the_same_job(commit, paper, settings):
    commit(services.artifact_set_update, paper=paper, benchmark_spec=SPEC)

    first = commit(services.benchmark_job_request, paper=paper)
    second = commit(services.benchmark_job_request, paper=paper)

    assert (list(BenchmarkJob.objects.all()), second.pk, first.status) == ([first], first.pk, "queued")
    assert first.time_limit_s == 900


def test_a_spec_that_names_tensors_needs_a_verified_checkpoint(commit, paper):
    spec = {**SPEC, "layers": [{**SPEC["layers"][0], "tensor": "model.layers.0.mlp.up_proj.weight"}]}
    commit(services.artifact_set_update, paper=paper, benchmark_spec=spec)

    with pytest.raises(ApplicationError) as caught:
        commit(services.benchmark_job_request, paper=paper)

    assert (caught.value.code, list(BenchmarkJob.objects.all())) == ("no_checkpoint", [])


def _job(paper):
    spec = parse_spec(SPEC)
    return BenchmarkJob.objects.create(
        paper=paper, spec=spec.as_dict(), spec_sha256=spec.sha256(), time_limit_s=60, pool="sllm-2025"
    )


def _result(job, *, speedup=1.05, gpu="CPU"):
    return {
        "spec_sha256": job.spec_sha256,
        "spec": {**job.spec, "claims": []},
        "environment": {"gpu": gpu, "gpu_class": gpu},
        "cases": [
            {
                "dtype": "bf16",
                "layer": "up",
                "tokens": 16,
                "variants": {"2:4": {"speedup": {"kernel": {"ratio": speedup}}, "correct": True}},
            }
        ],
    }


def test_claim_then_complete_judges_the_jobs_own_claims(commit, paper):
    commit(services.artifact_set_update, paper=paper, benchmark_spec=SPEC)
    runner, _ = commit(services.runner_create, name="gpu-1", pool="sllm-2025")
    job = _job(paper)

    commit(services.benchmark_job_claim, job=job, runner=runner)
    commit(services.benchmark_job_claim, job=job, runner=runner)
    done = commit(services.benchmark_job_complete, job=job, runner=runner, result=_result(job))

    assert (done.status, done.attempts, done.gpu_class, done.speedup_reproduced) == ("done", 1, "CPU", True)
    assert [c["reproduced"] for c in done.result["claims"]] == [True]
    assert selectors.badges_for_papers([paper.pk]) == {paper.pk: ["Artifact available", "Speedup reproduced"]}


def test_a_speedup_off_by_more_than_ten_percent_is_not_reproduced(commit, paper):
    runner, _ = commit(services.runner_create, name="gpu-1", pool="sllm-2025")
    job = _job(paper)
    commit(services.benchmark_job_claim, job=job, runner=runner)

    done = commit(services.benchmark_job_complete, job=job, runner=runner, result=_result(job, speedup=1.2))

    assert done.speedup_reproduced is False


def test_another_runner_can_neither_claim_nor_complete(commit, paper):
    mine, _ = commit(services.runner_create, name="gpu-1", pool="sllm-2025")
    other, _ = commit(services.runner_create, name="gpu-2", pool="sllm-2025")
    job = _job(paper)
    commit(services.benchmark_job_claim, job=job, runner=mine)

    with pytest.raises(Conflict):
        commit(services.benchmark_job_claim, job=job, runner=other)
    with pytest.raises(Conflict):
        commit(services.benchmark_job_complete, job=job, runner=other, result=_result(job))
    job.refresh_from_db()
    assert (job.status, job.runner, job.result) == ("running", mine, None)


def test_a_result_for_another_spec_is_refused(commit, paper):
    runner, _ = commit(services.runner_create, name="gpu-1", pool="sllm-2025")
    job = _job(paper)
    commit(services.benchmark_job_claim, job=job, runner=runner)

    with pytest.raises(ApplicationError) as caught:
        commit(
            services.benchmark_job_complete,
            job=job,
            runner=runner,
            result={**_result(job), "spec_sha256": "0" * 64},
        )

    job.refresh_from_db()
    assert (caught.value.message, job.status, job.result) == (
        "The result is for another spec than this job's.",
        "running",
        None,
    )


def test_a_failure_is_recorded_and_a_new_request_queues_the_job_again(commit, paper, settings):
    commit(services.artifact_set_update, paper=paper, benchmark_spec=SPEC)
    runner, _ = commit(services.runner_create, name="gpu-1", pool="sllm-2025")
    job = BenchmarkJob.objects.create(
        paper=paper,
        spec=parse_spec(SPEC).as_dict(),
        spec_sha256=parse_spec(SPEC).sha256(),
        time_limit_s=60,
        pool="sllm-2025",
    )
    commit(services.benchmark_job_claim, job=job, runner=runner)
    commit(services.benchmark_job_complete, job=job, runner=runner, error="out of memory")

    again = commit(services.benchmark_job_request, paper=paper)

    assert (again.pk, again.status, again.runner, again.error) == (job.pk, "queued", None, "")


def test_badges_for_papers_answers_every_id_in_one_query(commit, paper, main_track, django_assert_num_queries):
    bare = factories.PaperFactory(track=main_track, number=8)
    commit(services.artifact_set_update, paper=paper, benchmark_spec=SPEC)

    with django_assert_num_queries(1):
        badges = selectors.badges_for_papers([paper.pk, bare.pk, 999999])

    assert badges == {paper.pk: ["Artifact available"], bare.pk: [], 999999: []}
    assert selectors.badges_for_papers([]) == {}
