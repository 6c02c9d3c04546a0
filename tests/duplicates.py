"""Delivering one job message twice, as a broker may (a redelivery after the visibility timeout or a
worker's death): one after the other, and at once from two threads.

Both deliveries run the registered task with the same task id and the same arguments, through Celery's
own apply (the path a worker takes), each thread on its own database connection.
"""

import threading

from celery import uuid as task_uuid
from django.db import connections

from tasks.celery import app


def deliver(task_name: str, *args, task_id: str):
    """One delivery of the message (task_name, args, task_id), run as a worker runs it."""
    app.loader.import_default_modules()
    # Not inside a task: Celery's flag against waiting within one is process-wide, and the other thread's
    # job raises it while it runs a job of its own eagerly (the mail its work queues).
    return app.tasks[task_name].apply(args=list(args), task_id=task_id, throw=True).get(disable_sync_subtasks=False)


def deliver_twice(task_name: str, *args) -> list:
    """The same message delivered twice, the second after the first finished; both results."""
    task_id = task_uuid()
    return [deliver(task_name, *args, task_id=task_id) for _ in range(2)]


def deliver_twice_at_once(task_name: str, *args) -> list:
    """The same message delivered to two workers at the same moment; both results, in no particular order."""
    task_id, start = task_uuid(), threading.Barrier(2)
    results, errors = [], []

    def one_delivery():
        try:
            start.wait(timeout=30)
            results.append(deliver(task_name, *args, task_id=task_id))
        except Exception as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_delivery) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == [], errors
    assert len(results) == 2
    return results
