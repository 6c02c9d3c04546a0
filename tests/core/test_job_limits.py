"""Issue 19, point 2 (part): every job has a stated time limit, and the broker never redelivers a running one."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from sllm.core.idempotency import idempotency_keys_expire
from sllm.core.models import IdempotencyKey
from tasks.celery import app
from tests import factories

FAMILIES = {
    "sllm.openreview.sync_venue": 30 * 60,
    "sllm.votes.tally": 10 * 60,
    "sllm.proceedings.build_volume": 60 * 60,
    "sllm.artifacts.verify_checkpoint": 3 * 3600 + 60,
    "sllm.mail.send_outbox_message": 2 * 60,
}


def _limits(task) -> tuple[float, float]:
    # What the worker enforces: the task's own attribute (annotations set it) or the app's default.
    return (task.time_limit or app.conf.task_time_limit, task.soft_time_limit or app.conf.task_soft_time_limit)


def test_each_job_family_has_its_stated_limit():
    app.loader.import_default_modules()
    assert {name: _limits(app.tasks[name])[0] for name in FAMILIES} == FAMILIES


def test_every_job_has_a_soft_limit_below_its_hard_limit_and_below_the_visibility_timeout():
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if name.startswith("sllm.")}
    visibility = app.conf.broker_transport_options["visibility_timeout"]

    assert len(ours) >= len(FAMILIES)
    for name, task in ours.items():
        hard, soft = _limits(task)
        assert 0 < soft < hard < visibility, name
    assert max(_limits(task)[0] for task in ours.values()) == settings.LONGEST_JOB_TIME_LIMIT
    assert visibility == settings.LONGEST_JOB_TIME_LIMIT + 1800


@pytest.mark.django_db
def test_idempotency_keys_older_than_a_day_are_forgotten():
    user = factories.UserFactory()
    old = IdempotencyKey.objects.create(user=user, key="old", fingerprint="x")
    fresh = IdempotencyKey.objects.create(user=user, key="fresh", fingerprint="y")
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))

    assert idempotency_keys_expire() == 1
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert settings.CELERY_BEAT_SCHEDULE["sllm.core.expire_idempotency_keys"]["schedule"] == 3600.0
