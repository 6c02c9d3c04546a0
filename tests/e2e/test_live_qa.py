import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from sllm.live.models import Question, Upvote
from sllm.program.models import Room, Session, Slot
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def talk(edition):
    cache.clear()
    room = Room.objects.create(edition=edition, name="Hall 4")
    session = Session.objects.create(edition=edition, title="Morning talks")
    start = timezone.now()
    return Slot.objects.create(
        session=session,
        room=room,
        kind="invited",
        title="Sparse attention at scale",
        start=start,
        end=start + dt.timedelta(minutes=35),
    )


def test_ask_upvote_and_moderate_a_question(page, browser, live_server, edition, talk):
    organizer = factories.UserFactory(email="chair@example.org")
    factories.grant(organizer, edition, "organizer")
    url = f"/{edition.slug}/live/{talk.uid}/"

    # A remote viewer asks without an account; the form posts and the page reloads.
    page.goto(url)
    page.get_by_label("Your question").fill("Does <b>2:4</b> sparsity help at decode time?")
    page.get_by_label("Your name (optional)").fill("Lin")
    page.get_by_role("button", name="Ask").click()
    question = page.locator("#questions .question")
    expect(question).to_have_count(1)
    expect(question.locator(".q-text")).to_have_text("Does 2:4 sparsity help at decode time?")

    # Upvoting goes through fetch; a second click is refused (one per browser).
    upvote = page.get_by_role("button", name="Upvote: Does 2:4 sparsity help at decode time?")
    upvote.click()
    expect(question.locator(".q-votes")).to_have_text("1")
    expect(upvote).to_be_disabled()
    assert list(Question.objects.values_list("text", "name", "upvotes")) == [
        ("Does 2:4 sparsity help at decode time?", "Lin", 1)
    ]
    assert Upvote.objects.count() == 1

    # The organizer pins and answers it; the viewer's open page follows by polling, without a reload.
    moderator = browser.new_context(base_url=live_server.url).new_page()
    log_in(moderator, "chair@example.org", factories.PASSWORD)
    moderator.goto(f"/organize/{edition.slug}/live/{talk.uid}/")
    moderator.get_by_role("button", name="Pin question").click()
    moderator.get_by_role("button", name="Mark answered question").click()
    expect(page.locator("#questions .question .badge")).to_have_text(["pinned", "answered"], timeout=10_000)

    # Hiding removes it from the public list and from the chair's now screen.
    moderator.get_by_role("button", name="Hide question").click()
    expect(page.locator("#questions .question")).to_have_count(0, timeout=10_000)
    page.goto(f"{url}now/")
    expect(page.locator("#questions .question")).to_have_count(0)
    assert list(Question.objects.values_list("is_hidden", "is_answered", "is_pinned")) == [(True, True, True)]

    # A new question reaches the moderators' list by itself.
    page.goto(url)
    page.get_by_label("Your question").fill("What about activation sparsity?")
    page.get_by_role("button", name="Ask").click()
    expect(moderator.locator("#questions .question .q-text")).to_have_text(
        ["What about activation sparsity?", "Does 2:4 sparsity help at decode time?"], timeout=10_000
    )
    moderator.context.close()
