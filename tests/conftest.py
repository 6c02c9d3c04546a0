import socket
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.core.cache import cache
from django.db import connection

from sllm.website.caching import pages
from tasks.celery import app
from tests import factories
from tests.workerkill import Workers, forget_unacknowledged, start_worker, worker_env


@pytest.fixture(autouse=True, scope="session")
def _tests_run_on_postgresql(django_db_setup, django_db_blocker):
    # The suite's promises (locking, JSON containment, real transactions) hold only on PostgreSQL.
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", "make test runs on PostgreSQL; set DATABASE_URL"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UPLOAD_STAGING_DIR = tmp_path / "upload-staging"
    # Unhashed static names: the browser tests' live server finds them without collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Cached public pages and throttles of one test must never answer another (ids repeat across tests).

    cache.clear()
    pages.clear_local()
    yield
    pages.clear_local()


@pytest.fixture
def edition(db):
    return factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025", name="SLLM 2025")


@pytest.fixture
def main_track(edition):
    return factories.TrackFactory(edition=edition, kind="main")


@pytest.fixture
def tiny_track(edition):
    return factories.TrackFactory(edition=edition, kind="tiny")


def _user_with_role(edition, kind, email):
    user = factories.UserFactory(email=email, full_name=email.split("@")[0].title())
    if kind:
        factories.grant(user, edition, kind)
    return user


@pytest.fixture
def organizer(edition):
    return _user_with_role(edition, "organizer", "organizer@example.org")


@pytest.fixture
def author(edition):
    return _user_with_role(edition, "author", "author@example.org")


@pytest.fixture
def reviewer(edition):
    return _user_with_role(edition, "reviewer", "reviewer@example.org")


@pytest.fixture
def mentor(edition):
    return _user_with_role(edition, "mentor", "mentor@example.org")


@pytest.fixture
def stranger(db):
    return factories.UserFactory(email="stranger@example.org")


@pytest.fixture
def client_for(client):
    """client_for(user) logs that user in (None stays anonymous) and returns the client."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _celery_eager():
    # Unit tests run jobs in-process; the worker tests start a real worker and switch this off.

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    """A real `celery worker` process on a queue of its own, against this test's database and Redis."""

    queue = f"test-{uuid.uuid4().hex[:12]}"
    log = Path(settings.MEDIA_ROOT).parent / "worker.log"
    worker = start_worker(queues=queue, name=queue, env=worker_env(settings), log=log)
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=20)


@pytest.fixture
def job_workers(transactional_db, settings, tmp_path):
    """Worker processes on the real queues, to be killed mid-job (tests/workerkill.py)."""
    app.control.purge()
    forget_unacknowledged()
    workers = Workers(settings, tmp_path)
    app.conf.task_always_eager = False
    try:
        yield workers
    finally:
        app.conf.task_always_eager = True
        workers.stop_all()
        app.control.purge()
        forget_unacknowledged()


@pytest.fixture
def broker_down():
    """This thread's Celery app sends to a real broker URL on a port nobody listens on (refused at once).

    A fresh app, made current, rather than a changed broker_url: the default app keeps its connection
    pool to the real Redis once a test has used it. sllm/core/jobs.py sends through celery.current_app.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = Celery("broker-down", set_as_current=False)
    down.config_from_object("django.conf:settings", namespace="CELERY")
    down.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    down.conf.task_always_eager = False
    down.set_current()
    try:
        yield down
    finally:
        app.set_current()
        down.close()
