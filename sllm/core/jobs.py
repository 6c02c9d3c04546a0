"""The one way a service enqueues a Celery job: by the task's name, after commit, never at the request's cost.

Services name the job ("sllm.mail.send_outbox_message") instead of importing it: the task modules in
tasks/ import the services, and tasks/ sits at the top of the app order (pyproject.toml), so nothing in
sllm/ imports it. The Celery app is the one tasks/celery.py makes the default; Django loads it as the
`tasks` app.
"""

import datetime as dt
import logging

from celery import current_app
from django.db import transaction
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
    short Redis socket timeouts of settings.py, and a failure is logged, not raised. The row the job
    was for stays pending, and is picked up again by: the mail sweep (outbox_requeue_stale, every 5
    minutes); the vote sweep (elections_close_due re-enqueues a tally still running); the next sync
    request once the queued one is stale (STALE_SYNC; the hourly beat asks); the next Build press
    once the queued build is stale (STALE_BUILD); the organizer's "verify again" for a checkpoint.
    Benchmarks never go through the broker: the GPU runners poll the API for their pool's jobs.
    """

    def send():
        try:
            _send(task_name, args)
        except Exception:
            logger.exception("could not enqueue %s%r; it stays pending", task_name, args)

    transaction.on_commit(send)


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
