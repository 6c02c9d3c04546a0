"""Issue 19, point 2: a worker killed in the middle of a checkpoint verification leaves the checkpoint
waiting; the stale-job sweep queues it again and a fresh worker verifies it, once."""

import datetime as dt

import pytest
from django.utils import timezone

from sllm.artifacts import services
from sllm.artifacts.models import Checkpoint
from sllm.artifacts.sweeps import checkpoints_sweep
from tests.workerkill import wait_until

pytestmark = pytest.mark.worker


def test_a_verification_whose_worker_was_killed_is_swept_and_completes_once(job_workers, paper, upload):
    checkpoint = Checkpoint(paper=paper, original_name="m.safetensors", size=0)
    checkpoint.file.save("m.safetensors", upload(), save=True)
    first = job_workers.start()

    # The job reads the paper's declared artifacts right after loading the checkpoint: it waits there.
    with job_workers.killed_inside(first, table="artifacts_artifactset"):
        services.checkpoint_reverify(paper=paper)

    checkpoint.refresh_from_db()
    assert (checkpoint.status, checkpoint.sha256, checkpoint.verified_at) == ("uploaded", "", None)
    assert checkpoints_sweep(timezone.now()) == {"requeued": 0, "failed": 0}  # not stale yet
    second = job_workers.start()
    assert checkpoints_sweep(timezone.now() + dt.timedelta(hours=4)) == {"requeued": 1, "failed": 0}
    wait_until(lambda: Checkpoint.objects.get(pk=checkpoint.pk).status != "uploaded", logs=[second.log])
    checkpoint.refresh_from_db()
    verified_at = checkpoint.verified_at

    # The dead worker's own message comes back once the broker's visibility timeout passes: nothing changes.
    assert job_workers.redeliver_unacknowledged() == 1
    wait_until(lambda: job_workers.succeeded(second, "sllm.artifacts.verify_checkpoint") == 2, logs=[second.log])
    checkpoint.refresh_from_db()

    assert (checkpoint.status, len(checkpoint.sha256), checkpoint.sweeps) == ("verified", 64, 1)
    assert checkpoint.report["tensors"][0]["nm"] == {"2:4": 1.0}
    assert checkpoint.verified_at >= verified_at
