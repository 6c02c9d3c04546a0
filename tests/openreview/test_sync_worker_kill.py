"""Issue 19, point 2: a worker killed in the middle of an OpenReview sync leaves the run `running`; the
stale-job sweep queues it again and a fresh worker finishes it, once."""

import datetime as dt

import pytest
from django.utils import timezone

from sllm.openreview.models import SubmissionRecord, SyncRun
from sllm.openreview.services import sync_run_request, venue_sync
from sllm.openreview.sweeps import sync_runs_sweep
from tests import factories
from tests.workerkill import wait_until

pytestmark = pytest.mark.worker

JOB = "sllm.openreview.sync_venue"


def test_a_sync_whose_worker_was_killed_is_swept_and_finished_once(job_workers, standin, monkeypatch):
    from .conftest import VENUE_ID  # noqa: PLC0415 -- the OpenReview tests' own venue

    monkeypatch.setenv("OPENREVIEW_FETCH_PDFS", "0")  # as in this process (tests/openreview/conftest.py)
    first_run = venue_sync(slug="sllm-2025", venue_id=VENUE_ID)
    records = SubmissionRecord.objects.count()
    organizer = factories.UserFactory(email="chair@example.org")
    first = job_workers.start()

    # The job fetches the venue from the stand-in, then imports it in one transaction: it waits there.
    with job_workers.killed_inside(first, table="openreview_sync_submissionrecord"):
        run = sync_run_request(edition=first_run.edition, user=organizer)

    run.refresh_from_db()
    assert (run.status, run.stage, run.finished_at) == ("running", "saving", None)
    assert sync_runs_sweep(timezone.now()) == {"requeued": 0, "failed": 0}  # not stale yet
    second = job_workers.start()
    assert sync_runs_sweep(timezone.now() + dt.timedelta(hours=1)) == {"requeued": 1, "failed": 0}
    wait_until(lambda: SyncRun.objects.get(pk=run.pk).status == "succeeded", logs=[second.log])
    run.refresh_from_db()
    finished = (run.finished_at, run.counts, run.requests)

    # The dead worker's own message comes back once the broker's visibility timeout passes: nothing changes.
    assert job_workers.redeliver_unacknowledged() == 1
    wait_until(lambda: job_workers.succeeded(second, JOB) == 2, logs=[second.log])
    run.refresh_from_db()

    assert (run.finished_at, run.counts, run.requests) == finished
    assert (run.status, run.sweeps, run.error) == ("succeeded", 1, "")
    assert SubmissionRecord.objects.count() == records
    assert SyncRun.objects.filter(edition=run.edition).count() == 2
