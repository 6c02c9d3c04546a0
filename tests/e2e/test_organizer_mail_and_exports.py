"""An organizer rewrites a reminder's text in the browser (a typo'd placeholder refused by name), previews
it for a real reviewer, sees the reminder waiting on the reminders page, and downloads an export."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from sllm.mail.models import MailTemplate
from sllm.openreview.models import VenueLink
from sllm.reviewing.models import Assignment
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_organizer_edits_a_reminder_and_downloads_the_papers(page, tmp_path):
    edition = factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025", name="SLLM 2025")
    track = factories.TrackFactory(edition=edition, kind="main")
    organizer = factories.UserFactory(email="organizer@example.org", full_name="Olga Organizer")
    factories.grant(organizer, edition, "organizer")
    reviewer = factories.UserFactory(email="rita@example.org", full_name="Rita Reviewer")
    paper = factories.PaperFactory(track=track, number=1, title="=cmd|'/C calc'!A0")
    factories.AuthorshipFactory(paper=paper, position=1, name="Ada", email="ada@example.org")
    Assignment.objects.create(paper=paper, reviewer=reviewer)
    VenueLink.objects.create(
        edition=edition, venue_id="SLLM/2025", review_deadline=timezone.now() + dt.timedelta(days=10)
    )

    log_in(page, "organizer@example.org", factories.PASSWORD)
    page.goto("/organize/sllm-2025/mail/templates/review_missing/")
    page.get_by_label("Subject").fill("Paper {{ paper.number }} for {{ name }}")
    page.get_by_label("Text (plain text)").fill("Hello {{ nmae }}, due {{ deadline }}.")
    page.get_by_role("button", name="Save").click()
    alert = page.get_by_role("alert").first
    assert alert.inner_text().startswith("Text: Unknown placeholder {{ nmae }}; this email knows {{ deadline }}")
    assert MailTemplate.objects.count() == 0
    page.screenshot(path=str(tmp_path / "template-refused.png"), full_page=True)

    page.get_by_label("Text (plain text)").fill("Hello {{ name }}, due {{ deadline }}.")
    page.get_by_role("button", name="Preview").click()
    assert page.locator(".mail-subject").inner_text() == "Subject: Paper 1 for Rita Reviewer"
    assert page.locator(".mail-body").inner_text().startswith("Hello Rita Reviewer, due ")
    page.get_by_role("button", name="Save").click()
    assert list(MailTemplate.objects.values_list("key", "subject")) == [
        ("review_missing", "Paper {{ paper.number }} for {{ name }}")
    ]
    page.screenshot(path=str(tmp_path / "template-saved.png"), full_page=True)

    page.goto("/organize/sllm-2025/reminders/")
    row = page.get_by_role("row").filter(has_text="Reviews due soon")
    assert row.get_by_role("cell").nth(1).inner_text() == "1"
    page.screenshot(path=str(tmp_path / "reminders.png"), full_page=True)

    page.goto("/organize/sllm-2025/exports/")
    page.screenshot(path=str(tmp_path / "exports.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("row").filter(has_text="Papers with authors").get_by_role("link", name="CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    assert [rows[1][0], rows[1][2], rows[1][7]] == ["1", "'=cmd|'/C calc'!A0", "Ada"]
