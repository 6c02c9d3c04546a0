"""Enqueueing Celery jobs from services: after commit, and never at the cost of the request."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Sends `task` once the current transaction commits.

    A broker outage must not turn a saved change into an error page: the send is bounded by the
    short Redis socket timeouts of settings.py, and a failure is logged for the periodic sweepers
    (each job family re-finds its pending rows) instead of raised.
    """

    def send():
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:
            logger.exception("could not enqueue %s%r; it stays pending", task.name, args)

    transaction.on_commit(send)
