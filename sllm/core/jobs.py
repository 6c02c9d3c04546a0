"""The one way a service enqueues a Celery job: by the task's name, after commit, never at the request's cost.

Services name the job ("sllm.mail.send_outbox_message") instead of importing it: the task modules in
tasks/ import the services, and tasks/ sits at the top of the app order (pyproject.toml), so nothing in
sllm/ imports it. The Celery app is the one tasks/celery.py makes the default; Django loads it as the
`tasks` app.
"""

import datetime as dt
import logging

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

logger = logging.getLogger(__name__)


def _send(task_name: str, args: tuple) -> None:
    app = current_app
    if app.conf.task_always_eager:
        # send_task ignores eager mode; the demo and the unit tests run the registered job right here.
        if task_name not in app.tasks:
            app.loader.import_default_modules()
        app.tasks[task_name].apply_async(args=args)
    else:
        app.send_task(task_name, args=args)


def enqueue_on_commit(task_name: str, *args) -> None:
    """Sends the job `task_name` with `args` (ids) once the current transaction commits.

    A broker outage must not turn a saved change into an error page: the send is bounded by the
    short Redis socket timeouts of sllm/settings/celery.py, and a failure is logged, not raised. The row
    the job was for stays pending, and is picked up again by: the mail sweep (outbox_requeue_stale, every 5
    minutes); the vote sweep (elections_close_due re-enqueues a tally still running); the next sync
    request once the queued one is stale (STALE_SYNC; the hourly beat asks); the next Build press
    once the queued build is stale (STALE_BUILD); the organizer's "verify again" for a checkpoint.
    Benchmarks never go through the broker: the GPU runners poll the API for their pool's jobs.
    Above all of these, the stale-job sweep (tasks/sweeps.py, every 5 minutes) re-queues a job of any
    family whose row outlived its time limit, and gives it up with a reason after SWEEP_MAX_ATTEMPTS.
    """

    def send():
        try:
            _send(task_name, args)
        except Exception:
            logger.exception("could not enqueue %s%r; it stays pending", task_name, args)

    transaction.on_commit(send)


# ---- stale jobs ----------------------------------------------------------------------------------------
# A job's row that stays queued or running past its family's time limit (settings.JOB_TIME_LIMITS) plus
# this grace lost its worker (killed, out of memory, host gone) or its message: the sweep hands it to a
# worker again, at most SWEEP_MAX_ATTEMPTS times, then marks it failed with SWEEP_GAVE_UP as the reason.
SWEEP_GRACE = dt.timedelta(minutes=10)
SWEEP_MAX_ATTEMPTS = 3
SWEEP_GAVE_UP = (
    "Gave up after {attempts} attempts: the job outlived its time limit of {limit} each time "
    "(its worker stopped or its message was lost). Press Retry to run it again."
)


def job_time_limit(task_name: str) -> int:
    """The hard time limit in seconds that a worker enforces on the job `task_name`."""
    return settings.JOB_TIME_LIMITS.get(task_name, settings.CELERY_TASK_TIME_LIMIT)


def stale_before(task_name: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """A job of `task_name` queued or started before this moment and still not finished is stale."""
    return (now or timezone.now()) - dt.timedelta(seconds=job_time_limit(task_name)) - SWEEP_GRACE


def gave_up_reason(*, attempts: int, limit_s: int) -> str:
    minutes = limit_s / 60
    limit = f"{minutes:g} min" if minutes < 120 else f"{minutes / 60:g} h"
    return SWEEP_GAVE_UP.format(attempts=attempts, limit=limit)


def is_stale(task_name: str, *moments, now: dt.datetime | None = None) -> bool:
    """Whether the latest of `moments` (None ones skipped) a job was queued or started is stale."""
    return max(moment for moment in moments if moment) < stale_before(task_name, now=now)


def handed_out_at():
    """When a worker last got a row of SyncRun or Build (created, started or re-queued by the sweep)."""
    return Greatest(F("created_at"), Coalesce("started_at", "created_at"), Coalesce("swept_at", "created_at"))


def sweep(stale: QuerySet, *, attempts_of, requeue, give_up) -> dict[str, int]:
    """Re-queues each stale row (`requeue(row)`) until `attempts_of(row)` reaches SWEEP_MAX_ATTEMPTS, then
    gives it up (`give_up(row)`). Rows a running job holds locked (a tally, a mail send) are left alone."""
    counts = {"requeued": 0, "failed": 0}
    with transaction.atomic():
        for row in stale.select_for_update(skip_locked=True):
            if attempts_of(row) < SWEEP_MAX_ATTEMPTS:
                requeue(row)
                counts["requeued"] += 1
            else:
                give_up(row)
                counts["failed"] += 1
    return counts


def claim_expired_before(task_name: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """The moment before which a job's claim on its row is void: now less the job's hard time limit.

    A job claims its row (queued -> running, in one conditional UPDATE that only one delivery wins) before
    it works, so a message delivered twice does the work once. No job outlives its hard limit (its worker
    process is killed), so an older claim belongs to a dead job, and a redelivery of its message, which
    comes only after the broker's longer visibility timeout, may claim the row again and finish the work.
    """
    app = current_app
    if task_name not in app.tasks:
        app.loader.import_default_modules()
    limit = getattr(app.tasks.get(task_name), "time_limit", None) or app.conf.task_time_limit
    return (now or timezone.now()) - dt.timedelta(seconds=limit)
