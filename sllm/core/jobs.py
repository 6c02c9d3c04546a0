"""Enqueueing Celery jobs from services: after commit, and never at the cost of the request."""

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def _by_name(name: str):
    """The registered task of that name: services sit below tasks/ and name jobs instead of importing them.

    The project's Celery app (tasks/celery.py) is the current one in every process that runs jobs or
    enqueues them; its job modules are imported on first use, so eager mode (demo, tests) finds them."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Sends `task` (a Celery task, or a task's name) once the current transaction commits.

    A broker outage must not turn a saved change into an error page: the send is bounded by the
    short Redis socket timeouts of settings.py, and a failure is logged for the periodic sweepers
    (each job family re-finds its pending rows) instead of raised.
    """

    def send():
        name = task if isinstance(task, str) else task.name
        try:
            (_by_name(task) if isinstance(task, str) else task).apply_async(args=args, kwargs=kwargs)
        except Exception:
            logger.exception("could not enqueue %s%r; it stays pending", name, args)

    transaction.on_commit(send)
