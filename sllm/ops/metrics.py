"""Prometheus metrics: per-view request rates, latencies and database queries, plus the job and mail state.

Request metrics are prometheus_client counters and histograms kept by each process (with gunicorn's
several workers, set PROMETHEUS_MULTIPROC_DIR so one scrape sums them all; see deploy/). The job
queues, job outcomes, outbox backlog, heartbeats and last backup are read at scrape time by a collector,
so every web process answers the same figures.
"""

import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.http import HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from sllm.mail.selectors import outbox_backlog

from . import broker
from .selectors import backup_last_succeeded, heartbeat_state

logger = logging.getLogger(__name__)

REQUESTS = Counter("sllm_http_requests", "HTTP requests answered", ["view", "method", "status"])
LATENCY = Histogram(
    "sllm_http_request_duration_seconds",
    "Time to answer a request, per view",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUERIES = Counter("sllm_db_queries", "Database queries run while answering requests, per view", ["view"])


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        started = time.perf_counter()
        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # Named routes only: a label per raw path would let any visitor grow the metric without bound.
        # A page served by the public page cache never reaches URL resolving.
        view = match.view_name if match else ("page-cache" if response.status_code == 200 else "unresolved")
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        LATENCY.labels(view).observe(time.perf_counter() - started)
        if counter.count:
            QUERIES.labels(view).inc(counter.count)
        return response


class OpsCollector:
    """Figures read at scrape time, from Redis and the database, shared by every process."""

    def describe(self):
        # Registering must not query the database or Redis (it happens at import).
        return []

    def collect(self):
        yield from self._jobs()
        backlog = GaugeMetricFamily("sllm_mail_outbox_backlog", "Mail not yet delivered", labels=["status"])
        for status, n in outbox_backlog().items():
            backlog.add_metric([status], n)
        yield backlog
        state = heartbeat_state()
        workers = GaugeMetricFamily("sllm_celery_workers_alive", "Workers with a fresh heartbeat", labels=["queue"])
        for queue in sorted({*settings.HEALTH_REQUIRED_QUEUES, *state["queues"]}):
            workers.add_metric([queue], state["queues"].get(queue, 0))
        yield workers
        yield GaugeMetricFamily("sllm_celery_beat_alive", "Beat has a fresh heartbeat", value=int(state["beat_alive"]))
        last = backup_last_succeeded()
        yield GaugeMetricFamily(
            "sllm_backup_last_success_timestamp_seconds",
            "When the last successful backup finished (0: never)",
            value=last.finished_at.timestamp() if last else 0,
        )

    def _jobs(self):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return
        try:
            lengths = broker.queue_lengths()
            totals = broker.outcome_totals()
        except Exception as exc:  # the rest of the scrape still answers
            logger.warning("broker unavailable for metrics: %s", exc)
            return
        queued = GaugeMetricFamily("sllm_celery_queue_length", "Jobs waiting in each queue", labels=["queue"])
        for queue, n in lengths.items():
            queued.add_metric([queue], n)
        yield queued
        jobs = CounterMetricFamily(
            "sllm_celery_jobs", "Finished jobs per queue and outcome", labels=["queue", "outcome"]
        )
        for (queue, outcome), n in sorted(totals.items()):
            jobs.add_metric([queue, outcome], n)
        yield jobs


_ops_collector = OpsCollector()
REGISTRY.register(_ops_collector)


def access_metrics(request) -> None:
    """With METRICS_TOKEN: only `Authorization: Bearer <token>`. Without: only loopback callers not proxied."""
    token = settings.METRICS_TOKEN
    if token:
        sent = request.META.get("HTTP_AUTHORIZATION", "")
        if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            raise PermissionDenied("A metrics token is required.")
        return
    # nginx adds X-Forwarded-For to everything it proxies, so a visitor's request never looks local.
    proxied = "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_X_REAL_IP" in request.META
    try:
        local = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        local = False
    if proxied or not local:
        raise PermissionDenied("Metrics are served to this host only; set METRICS_TOKEN to scrape from elsewhere.")


def metrics_response() -> HttpResponse:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_ops_collector)
    else:
        registry = REGISTRY
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
