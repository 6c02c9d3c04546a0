import os
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from sllm.ops.models import BackupRun, Heartbeat
from tests import factories
from tests.e2e.conftest import log_in
from tests.e2e.test_website_accessibility import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_organizer_sees_a_missing_worker_on_the_dashboard(page, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    edition = factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025", name="SLLM 2025")
    factories.grant(factories.UserFactory(email="chair@example.org"), edition, "organizer")
    now = timezone.now()
    Heartbeat.objects.create(kind="worker", name="w1", queues=["default", "sync"], started_at=now, seen_at=now)
    Heartbeat.objects.create(kind="beat", name="b", started_at=now, seen_at=now)
    finished = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    BackupRun.objects.create(
        name="nightly",
        target="storage:backups/nightly",
        status="succeeded",
        started_at=finished - timedelta(seconds=40),
        finished_at=finished,
        bytes=5_300_000,
        files=42,
        rows=1830,
    )

    log_in(page, "chair@example.org", factories.PASSWORD)
    page.goto("/organize/sllm-2025/")
    panel = page.get_by_role("region", name="Platform health")
    if os.environ.get("SCREENSHOTS"):
        panel.screenshot(path=f"{os.environ['SCREENSHOTS']}/ops-health-panel.png")

    assert panel.locator("li.warn").inner_text() == "pdf: no live worker"
    assert panel.get_by_text("Succeeded, 2026-12-03 02:00 UTC").is_visible()
    assert panel.get_by_text("5.1 MB, 42 files, 1830 rows").is_visible()
    assert serious_violations(page) == []
