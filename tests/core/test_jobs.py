"""Services enqueue jobs by name (sllm/core/jobs.py): every name they use is a job the worker knows."""

import re
from pathlib import Path

from tasks.celery import app

SLLM = Path(__file__).resolve().parents[2] / "sllm"
# A literal name passed to the helper, or a module constant holding one (artifacts' VERIFY_JOB).
NAMED = re.compile(r'enqueue_on_commit\(\s*"([^"]+)"|^[A-Z_]+_JOB = "([^"]+)"', re.MULTILINE)


def test_every_job_a_service_enqueues_by_name_is_registered_with_its_queue():
    names = sorted({a or b for path in SLLM.rglob("*.py") for a, b in NAMED.findall(path.read_text())})
    app.loader.import_default_modules()

    assert [(name, name in app.tasks, app.amqp.router.route({}, name)["queue"].name) for name in names] == [
        ("sllm.artifacts.verify_checkpoint", True, "default"),
        ("sllm.mail.send_outbox_message", True, "default"),
        ("sllm.openreview.invite_people", True, "sync"),
        ("sllm.openreview.sync_venue", True, "sync"),
        ("sllm.proceedings.build_volume", True, "pdf"),
        ("sllm.votes.tally", True, "default"),
    ]
