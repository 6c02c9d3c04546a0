"""An organizer sees why a job gave up and presses Retry beside it (issue 19, point 2)."""

import pytest
from django.utils import timezone

from sllm.core.jobs import gave_up_reason
from sllm.mail.models import OutboxMessage
from sllm.openreview.models import SyncRun
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_sync_page_and_the_outbox_offer_retry_for_what_gave_up(page, edition, organizer, tmp_path):
    reason = gave_up_reason(attempts=4, limit_s=30 * 60)
    run = SyncRun.objects.create(
        edition=edition, venue_id="V", status="failed", error=reason, sweeps=3, finished_at=timezone.now()
    )
    SyncRun.objects.create(edition=edition, venue_id="V", status="succeeded", requested_by=organizer)
    OutboxMessage.objects.create(
        edition=edition, to="ada@example.org", subject="Reviews due", body="b", template="t", status="dead",
        attempts=8, last_error="Gave up after 8 attempts; last error: ConnectionRefusedError",
    )  # fmt: skip
    log_in(page, organizer.email, factories.PASSWORD)

    page.goto(f"/organize/{edition.slug}/openreview/")
    page.screenshot(path=tmp_path / "sync-retry.png", full_page=True)
    retry_buttons = page.get_by_role("button", name="Retry").count()
    page.goto(f"/organize/{edition.slug}/mail/")
    page.screenshot(path=tmp_path / "outbox-retry.png", full_page=True)
    page.get_by_role("button", name="Retry").click()
    page.wait_for_load_state()
    page.screenshot(path=tmp_path / "outbox-retried.png", full_page=True)

    assert retry_buttons == 1
    assert page.url.endswith(f"/organize/{edition.slug}/mail/")
    assert "The message to ada@example.org is queued again." in page.content()
    assert SyncRun.objects.get(pk=run.pk).status == "failed"
