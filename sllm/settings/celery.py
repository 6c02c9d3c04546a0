"""Celery: broker and results, time limits, queues, the periodic schedule and the workers' heartbeats."""

from sllm.settings.database import REDIS_SOCKET_TIMEOUT, REDIS_URL
from sllm.settings.env import env_bool, env_int, env_str
from sllm.settings.storage import BACKUP_EVERY_S

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_timeout": REDIS_SOCKET_TIMEOUT}
# Every job has a stated time limit (seconds): this default, a family's entry below, or its own decorator
# (checkpoint verification 3 h + 60 s, the benchmark 2 h 20 min: tasks/artifacts.py). A job past its soft
# limit raises SoftTimeLimitExceeded in its code; past the hard limit its worker process is killed.
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 29 * 60
JOB_TIME_LIMITS = {
    "sllm.openreview.sync_venue": 30 * 60,  # sync: a venue of a few thousand notes
    "sllm.votes.tally": 10 * 60,  # tally: Schulze over a few hundred candidates
    "sllm.proceedings.build_volume": 60 * 60,  # proceedings build: the whole volume through WeasyPrint
    "sllm.mail.send_outbox_message": 2 * 60,  # mail: one SMTP conversation
    "sllm.artifacts.verify_checkpoint": 3 * 3600 + 60,  # checkpoint verification: hashing up to 50 GiB
}
CELERY_TASK_ANNOTATIONS = {
    name: {"time_limit": limit, "soft_time_limit": limit - 60} for name, limit in JOB_TIME_LIMITS.items()
}
# Redis hands an unacknowledged message (acks_late) to another worker after the visibility timeout, so it
# must exceed the longest job (3 h + 60 s), or a long job still running is delivered twice.
LONGEST_JOB_TIME_LIMIT = max(JOB_TIME_LIMITS.values())
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = LONGEST_JOB_TIME_LIMIT + 30 * 60
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS["visibility_timeout"] = LONGEST_JOB_TIME_LIMIT + 30 * 60
# Each job family has its own queue so slow PDF builds or GPU runs never delay a sync.
CELERY_TASK_ROUTES = {
    "sllm.openreview.*": {"queue": "sync"},
    "sllm.proceedings.*": {"queue": "pdf"},
    "sllm.mail.*": {"queue": "default"},
}
# The periodic schedule, as code. Apps add their entries here.
CELERY_BEAT_SCHEDULE: dict = {}
# Keeps every linked edition current with its OpenReview venue (the sync writes nothing when nothing changed).
CELERY_BEAT_SCHEDULE["sllm.openreview.sync_all"] = {"task": "sllm.openreview.sync_all", "schedule": 3600.0}
# Invitations OpenReview refused (rate limit, outage) are sent again.
CELERY_BEAT_SCHEDULE["sllm.openreview.retry_invitations"] = {
    "task": "sllm.openreview.retry_invitations",
    "schedule": 1800.0,
}
# Hands mail still unsent after a mail server or broker outage back to the mail job.
CELERY_BEAT_SCHEDULE["sllm.mail.requeue_unsent"] = {"task": "sllm.mail.requeue_unsent", "schedule": 300.0}
# Opens the oral vote once every review is in; closes votes at their deadline and reruns unfinished tallies.
CELERY_BEAT_SCHEDULE["sllm.votes.open_ready"] = {"task": "sllm.votes.open_ready", "schedule": 900.0}
CELERY_BEAT_SCHEDULE["sllm.votes.close_due"] = {"task": "sllm.votes.close_due", "schedule": 300.0}
# Re-queues, or gives up with a reason, every job whose row outlived its time limit (tasks/sweeps.py).
CELERY_BEAT_SCHEDULE["sllm.ops.sweep_stale_jobs"] = {"task": "sllm.ops.sweep_stale_jobs", "schedule": 300.0}
# Forgets idempotency keys older than a day (sllm/core/idempotency.py): retries come within minutes.
CELERY_BEAT_SCHEDULE["sllm.core.expire_idempotency_keys"] = {
    "task": "sllm.core.expire_idempotency_keys",
    "schedule": 3600.0,
}

# The backup (manage.py backup) at BACKUP_EVERY_S, unless that is 0 (storage.py).
if BACKUP_EVERY_S:
    CELERY_BEAT_SCHEDULE["sllm.ops.backup"] = {"task": "sllm.ops.backup", "schedule": float(BACKUP_EVERY_S)}
# Reminders (late reviews, uploads, the closing vote, the mentoring kick-off): each goes once, when due.
CELERY_BEAT_SCHEDULE["sllm.reminders.send_due"] = {"task": "sllm.reminders.send_due", "schedule": 900.0}

# Workers and beat write a heartbeat this often; /healthz calls one older than HEARTBEAT_STALE_S gone.
CELERY_BEAT_SCHEDULER = "tasks.heartbeat:HeartbeatScheduler"
HEARTBEAT_INTERVAL_S = env_int("HEARTBEAT_INTERVAL_S", 30)
HEARTBEAT_STALE_S = env_int("HEARTBEAT_STALE_S", 90)
