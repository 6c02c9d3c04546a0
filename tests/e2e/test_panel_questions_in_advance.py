"""A visitor asks the panel a question days before; a moderator approves it on the board; it goes public."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from sllm.live.models import Question
from sllm.program.models import Room, Session, Slot
from sllm.program.services import program_release
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_question_asked_in_advance_waits_for_the_moderator(page, browser, live_server, edition, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    cache.clear()
    room = Room.objects.create(edition=edition, name="Hall 4")
    session = Session.objects.create(edition=edition, title="Afternoon")
    start = timezone.now() + dt.timedelta(days=3)
    panel = Slot.objects.create(
        session=session,
        room=room,
        kind="panel",
        title="Panel: where next?",
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    program_release(edition=edition)
    organizer = factories.UserFactory(email="chair@example.org")
    factories.grant(organizer, edition, "organizer")

    page.goto(f"/{edition.slug}/live/{panel.uid}/")
    expect(page.locator(".advance-note")).to_contain_text("Moderators read each question first")
    page.get_by_label("Your question").fill("<script>alert(1)</script>Will sparse MoEs beat dense models?")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator(".message")).to_have_text(
        "Thank you: your question was received and appears here once a moderator approves it."
    )
    expect(page.locator("#questions .question")).to_have_count(0)
    assert list(Question.objects.values_list("text", "is_pending")) == [("Will sparse MoEs beat dense models?", True)]

    moderator = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900}).new_page()
    log_in(moderator, "chair@example.org", factories.PASSWORD)
    moderator.goto(f"/organize/{edition.slug}/live/{panel.uid}/")
    expect(moderator.locator(".question.pending-q")).to_contain_text("waiting for approval")
    moderator.screenshot(path=str(shots / "panel-board-pending.png"), full_page=True)
    moderator.get_by_role("button", name="Approve question").click()
    expect(moderator.locator(".question.pending-q")).to_have_count(0)
    assert list(Question.objects.values_list("is_pending", flat=True)) == [False]

    page.goto(f"/{edition.slug}/live/{panel.uid}/")
    expect(page.locator("#questions .question .q-text")).to_have_text(["Will sparse MoEs beat dense models?"])
    page.screenshot(path=str(shots / "panel-questions-public.png"), full_page=True)
