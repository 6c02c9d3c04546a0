"""Issue 19, point 2: every job family's stale-job sweep re-queues what outlived its limit, a bounded number
of times, then fails it with a reason the organizers see; fresh and finished jobs are left alone."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from sllm.artifacts import services as artifact_services
from sllm.artifacts.models import BenchmarkJob, Checkpoint
from sllm.core.jobs import SWEEP_MAX_ATTEMPTS, job_time_limit
from sllm.core.registry import JOB_FAMILIES
from sllm.mail.models import OutboxMessage
from sllm.openreview.models import SyncRun
from sllm.proceedings.models import Build
from sllm.reviewing.models import Vote
from tasks.sweeps import sweep_stale_jobs
from tests import factories

pytestmark = pytest.mark.django_db

LATER = dt.timedelta(hours=4)  # past every family's limit and grace


@pytest.fixture
def paper(edition, main_track):
    return factories.PaperFactory(edition=edition, track=main_track)


def _sync(edition, **fields):
    return SyncRun.objects.create(edition=edition, venue_id="V", **fields)


def _build(edition, **fields):
    return Build.objects.create(edition=edition, **fields)


def _vote(edition, **fields):
    return Vote.objects.create(edition=edition, kind="orals", seats=2, deadline=timezone.now(), **fields)


def _checkpoint(paper, **fields):
    return Checkpoint.objects.create(paper=paper, file="artifacts/checkpoints/x.safetensors", size=1, **fields)


STUCK = {
    "sync": (lambda e, p: _sync(e, status="running"), lambda row: (row.status, row.sweeps, row.error)),
    "build": (lambda e, p: _build(e, status="running"), lambda row: (row.status, row.sweeps, row.message)),
    "tally": (lambda e, p: _vote(e, state="tallying"), lambda row: (row.state, row.tally_sweeps, row.tally_error)),
    "checkpoint": (lambda e, p: _checkpoint(p), lambda row: (row.status, row.sweeps, row.error_message)),
}
REQUEUED = {"sync": "queued", "build": "queued", "tally": "tallying", "checkpoint": "uploaded"}
GAVE_UP = {"sync": "failed", "build": "failed", "tally": "tallying", "checkpoint": "failed"}


@pytest.mark.parametrize("family", sorted(STUCK))
def test_a_stuck_job_is_requeued_a_bounded_number_of_times_then_failed_with_a_reason(
    family, edition, paper, django_capture_on_commit_callbacks
):
    make, state = STUCK[family]
    row = make(edition, paper)
    sweep = JOB_FAMILIES[family].sweep
    later = timezone.now() + LATER

    assert sweep(timezone.now()) == {"requeued": 0, "failed": 0}  # within its limit: left alone
    seen = []
    for _ in range(SWEEP_MAX_ATTEMPTS):
        with django_capture_on_commit_callbacks() as sent:
            assert sweep(later) == {"requeued": 1, "failed": 0}
        row.refresh_from_db()
        seen.append((*state(row), len(sent)))
    with django_capture_on_commit_callbacks() as sent:
        assert sweep(later) == {"requeued": 0, "failed": 1}
    row.refresh_from_db()

    assert seen == [(REQUEUED[family], n, "", 1) for n in range(1, SWEEP_MAX_ATTEMPTS + 1)]
    status, sweeps, reason = state(row)
    assert (status, sweeps, len(sent)) == (GAVE_UP[family], SWEEP_MAX_ATTEMPTS, 0)
    assert reason.startswith(f"Gave up after {SWEEP_MAX_ATTEMPTS + 1} attempts: the job outlived its time limit")
    assert row.can_retry
    if family == "tally":
        assert sweep(later) == {"requeued": 0, "failed": 0}  # given up: waits for the organizers' Retry


@pytest.mark.parametrize("family", sorted(STUCK))
def test_finished_jobs_are_never_swept(family, edition, paper):
    finished = {
        "sync": lambda: _sync(edition, status="succeeded"),
        "build": lambda: _build(edition, status="failed"),
        "tally": lambda: _vote(edition, state="closed"),
        "checkpoint": lambda: _checkpoint(paper, status="verified"),
    }[family]()

    assert JOB_FAMILIES[family].sweep(timezone.now() + LATER) == {"requeued": 0, "failed": 0}
    assert not finished.can_retry or family in {"build"}


def test_a_benchmark_whose_runner_vanished_goes_back_to_the_pool_until_its_third_claim(paper):
    runner, _ = artifact_services.runner_create(name="gpu-1", pool=paper.edition.slug)
    job = BenchmarkJob.objects.create(
        paper=paper, spec={}, spec_sha256="b" * 64, time_limit_s=600, pool=paper.edition.slug
    )
    sweep = JOB_FAMILIES["benchmark"].sweep
    lease = dt.timedelta(seconds=600 + 300) + dt.timedelta(minutes=10)
    states = []
    for _ in range(SWEEP_MAX_ATTEMPTS):
        job = artifact_services.benchmark_job_claim(job=job, runner=runner)
        assert sweep(timezone.now() + lease - dt.timedelta(seconds=5)) == {"requeued": 0, "failed": 0}
        counts = sweep(timezone.now() + lease + dt.timedelta(seconds=5))
        job.refresh_from_db()
        states.append((counts, job.status, job.runner_id, job.attempts))

    assert states[:-1] == [({"requeued": 1, "failed": 0}, "queued", None, n) for n in range(1, SWEEP_MAX_ATTEMPTS)]
    assert states[-1] == ({"requeued": 0, "failed": 1}, "failed", runner.pk, SWEEP_MAX_ATTEMPTS)
    assert job.error.startswith(f"Gave up after {SWEEP_MAX_ATTEMPTS} attempts")
    assert job.can_retry


def test_the_beat_runs_every_family_sweep_every_five_minutes(edition):
    _sync(edition, status="queued")
    SyncRun.objects.update(created_at=timezone.now() - dt.timedelta(hours=2))

    counts = sweep_stale_jobs.delay().get()

    assert sorted(counts) == ["benchmark", "build", "checkpoint", "mail", "sync", "tally"]
    assert counts["sync"] == {"requeued": 1, "failed": 0}
    assert settings.CELERY_BEAT_SCHEDULE["sllm.ops.sweep_stale_jobs"] == {
        "task": "sllm.ops.sweep_stale_jobs",
        "schedule": 300.0,
    }


def test_stale_means_past_the_familys_own_time_limit_and_ten_minutes(edition):
    run = _sync(edition, status="queued")
    limit = dt.timedelta(seconds=job_time_limit("sllm.openreview.sync_venue"))
    sweep = JOB_FAMILIES["sync"].sweep

    assert limit == dt.timedelta(minutes=30)
    assert sweep(run.created_at + limit + dt.timedelta(minutes=9)) == {"requeued": 0, "failed": 0}
    assert sweep(run.created_at + limit + dt.timedelta(minutes=11)) == {"requeued": 1, "failed": 0}


def test_mail_left_queued_is_retryable_and_its_sweep_is_its_own_beat_entry(edition):
    message = OutboxMessage.objects.create(edition=edition, to="a@example.org", subject="s", body="b", template="t")
    assert not message.can_retry
    OutboxMessage.objects.filter(pk=message.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=11))
    message.refresh_from_db()

    assert message.can_retry
    assert settings.CELERY_BEAT_SCHEDULE["sllm.mail.requeue_unsent"]["schedule"] == 300.0
