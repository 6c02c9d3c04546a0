"""gunicorn for the web process: sync workers behind nginx; `gunicorn -c deploy/gunicorn.conf.py sllm.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Requests stay short: slow work (sync, PDFs, GPU) runs on Celery; nginx buffers uploads.
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"


def child_exit(server, worker):
    # With PROMETHEUS_MULTIPROC_DIR (sllm-web.service sets it), one scrape sums every worker's request
    # metrics; a worker that exits must leave the sums of live gauges.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess  # noqa: PLC0415 -- only the master needs it, only then

        multiprocess.mark_process_dead(worker.pid)
