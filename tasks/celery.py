"""The Celery app: queues default, sync, pdf and gpu; configuration from Django settings."""

import os

from celery import Celery
from kombu import Queue

from .heartbeat import WorkerHeartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sllm.settings")

app = Celery("sllm")
# The default for every thread: services enqueue by task name through sllm/core/jobs.py, which reaches
# this app as celery.current_app without importing tasks/ (the top of the app order).
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name) for name in ("default", "sync", "pdf", "gpu")]
# Each worker reports a heartbeat (tasks/heartbeat.py), which /healthz and the dashboard read.
app.steps["worker"].add(WorkerHeartbeat)
# Job modules live in tasks/, one per job family; each is a thin wrapper around a service.
app.conf.imports = [
    "tasks.core",
    "tasks.mail",
    "tasks.artifacts",
    "tasks.openreview",
    "tasks.votes",
    "tasks.proceedings",
    "tasks.ops",
    "tasks.reminders",
    "tasks.sweeps",
]
