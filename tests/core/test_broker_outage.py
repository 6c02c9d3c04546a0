"""Issue 19: the broker goes down while a request enqueues its job after commit.

The broker is a real Redis of the test's own (never the shared one), started and then killed. The request
still succeeds and its change stays saved, the job's row stays pending, and once the broker is back the
sweep (or the organizer's next press) sends the job again: its message is read back from that Redis and
run exactly as sent, as a worker would.
"""

import base64
import json
import logging
import socket
import subprocess
import time
from types import SimpleNamespace

import pytest
import redis
from celery import Celery
from django.core.files.uploadedfile import SimpleUploadedFile

from sllm.artifacts import services as artifacts
from sllm.artifacts.models import Checkpoint
from sllm.reviewing.votes.services import votes_close_due
from tasks.celery import app
from tests import factories
from tests.artifacts.conftest import CLAIMS
from tests.artifacts.safetensors_files import bf16_with_zeros, two_four_mask, write
from tests.duplicates import deliver
from tests.reviewing.test_votes_world import cast, make_world, open_orals

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_broker(tmp_path):
    """A Redis of this test's own as the broker of this thread's Celery app; stop() kills it, start() revives it."""
    port = _free_port()
    client = redis.Redis(port=port, socket_timeout=2)

    def start():
        subprocess.run(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--daemonize", "yes", "--save", ""]
            + ["--appendonly", "no", "--dir", str(tmp_path), "--pidfile", str(tmp_path / "redis.pid")],
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "the test's Redis did not start"
                time.sleep(0.05)

    def stop():
        try:
            client.shutdown(nosave=True)
        except redis.ConnectionError:
            pass  # it went down, which is what shutting down does
        with pytest.raises(redis.ConnectionError):
            client.ping()

    def sent(queue: str) -> list[tuple]:
        """Each message in the queue (oldest first) as (task, args), removed as a worker takes it."""
        messages = []
        while raw := client.rpop(queue):
            message = json.loads(raw)
            args = json.loads(base64.b64decode(message["body"]))[0]
            messages.append((message["headers"]["task"], args, message["headers"]["id"]))
        return messages

    start()
    broker = Celery("own-broker", set_as_current=False)
    broker.config_from_object("django.conf:settings", namespace="CELERY")
    broker.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    broker.conf.task_always_eager = False
    broker.set_current()  # sllm/core/jobs.py sends through celery.current_app
    try:
        yield SimpleNamespace(start=start, stop=stop, sent=sent)
    finally:
        app.set_current()
        broker.close()
        stop()


def _unsent(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "sllm.core.jobs"]


def _run_as_a_worker(messages: list[tuple]) -> list:
    return [deliver(task, *args, task_id=task_id) for task, args, task_id in messages]


@pytest.fixture
def world(edition, main_track, organizer, author, reviewer, mentor):
    return make_world(edition, main_track, organizer, author, reviewer, mentor)


def test_a_vote_closed_while_the_broker_is_down_is_tallied_after_the_next_sweep(world, client_for, own_broker, caplog):
    vote = open_orals(world)
    cast(world, world.r1, [2, 1])
    cast(world, world.r3, [2, 3])
    own_broker.stop()

    with caplog.at_level(logging.ERROR, logger="sllm.core.jobs"):
        response = client_for(world.organizer).post("/organize/sllm-2025/votes/orals/close/")

    vote.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/organize/sllm-2025/votes/")
    # Saved: closed to ballots, and still pending its tally.
    assert (vote.state, list(vote.events.values_list("action", flat=True))) == ("tallying", ["opened", "closed"])
    assert _unsent(caplog) == [f"could not enqueue sllm.votes.tally({vote.pk},); it stays pending"]

    own_broker.start()
    assert votes_close_due() == [vote.pk]  # the beat's sweep (every 5 minutes)
    messages = own_broker.sent("default")
    assert [(task, args) for task, args, _ in messages] == [("sllm.votes.tally", [vote.pk])]
    assert _run_as_a_worker(messages) == ["closed"]
    vote.refresh_from_db()
    assert (vote.state, vote.result["ranking"]) == ("closed", [[2], [1, 3], [4]])


def test_a_checkpoint_uploaded_while_the_broker_is_down_is_verified_on_verify_again(
    main_track, author, client_for, own_broker, caplog, tmp_path
):
    paper = factories.PaperFactory(track=main_track, number=7, status="accepted", submitted_by=author)
    factories.AuthorshipFactory(paper=paper, position=1, user=author, email=author.email)
    artifacts.artifact_set_update(paper=paper, claims=CLAIMS)
    path = write(
        tmp_path / "two-four.safetensors",
        {"model.layers.0.mlp.up_proj.weight": ("BF16", bf16_with_zeros((64, 128), two_four_mask(64, 128)))},
    )
    own_broker.stop()

    with caplog.at_level(logging.ERROR, logger="sllm.core.jobs"):
        response = client_for(author).post(
            f"/api/v1/papers/{paper.pk}/artifacts/checkpoint/",
            {"file": SimpleUploadedFile("model.safetensors", path.read_bytes())},
        )

    checkpoint = Checkpoint.objects.get(paper=paper)
    assert (response.status_code, checkpoint.status, checkpoint.verified_at) == (201, "uploaded", None)
    assert checkpoint.file.read() == path.read_bytes()
    assert _unsent(caplog) == [
        f"could not enqueue sllm.artifacts.verify_checkpoint({checkpoint.pk},); it stays pending"
    ]

    own_broker.start()
    artifacts.checkpoint_reverify(paper=paper)  # the organizer's "verify again"
    messages = own_broker.sent("default")
    assert [(task, args) for task, args, _ in messages] == [("sllm.artifacts.verify_checkpoint", [checkpoint.pk])]
    assert _run_as_a_worker(messages) == ["verified"]
    checkpoint.refresh_from_db()
    assert (checkpoint.status, checkpoint.claims_hold) == ("verified", True)
