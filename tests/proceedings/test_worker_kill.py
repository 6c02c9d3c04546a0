"""Issue 19, point 2: a worker killed in the middle of a proceedings build leaves the build running; the
stale-job sweep queues it again and a fresh worker builds the volume, once."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from sllm.proceedings import services
from sllm.proceedings.models import Build
from sllm.proceedings.sweeps import builds_sweep
from tests.workerkill import wait_until

pytestmark = pytest.mark.worker

JOB = "sllm.proceedings.build_volume"


def test_a_build_whose_worker_was_killed_is_swept_and_built_once(job_workers, edition, ready, organizer):
    first = job_workers.start()

    # The job marks the build running, then reads the camera-ready confirmations: it waits there.
    with job_workers.killed_inside(first, table="proceedings_cameraready"):
        build = services.build_start(edition=edition, user=organizer, skip_problems=False)

    build.refresh_from_db()
    assert (build.status, build.finished_at) == ("running", None)
    assert builds_sweep(timezone.now()) == {"requeued": 0, "failed": 0}  # not stale yet
    second = job_workers.start()
    assert builds_sweep(timezone.now() + dt.timedelta(hours=2)) == {"requeued": 1, "failed": 0}
    wait_until(
        lambda: Build.objects.get(pk=build.pk).status not in {"queued", "running"}, timeout=300, logs=[second.log]
    )
    build.refresh_from_db()
    finished = (build.status, build.finished_at, build.result)

    # The dead worker's own message comes back once the broker's visibility timeout passes: nothing changes.
    assert job_workers.redeliver_unacknowledged() == 1
    wait_until(lambda: job_workers.succeeded(second, JOB) == 2, logs=[second.log])
    build.refresh_from_db()

    assert (build.status, build.finished_at, build.result) == finished
    assert (build.status, build.sweeps, len(build.result["papers"])) == ("succeeded", 1, 3)
    assert default_storage.exists(build.result["storage_prefix"] + "volume.pdf")
    assert Build.objects.filter(edition=edition).count() == 1
