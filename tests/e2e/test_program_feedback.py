import pytest
from django.core.cache import cache

from sllm.program.models import Feedback
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_anonymous_visitor_sends_feedback_by_keyboard(page, db):
    factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025", name="SLLM 2025")
    page.goto("/sllm-2025/")
    page.get_by_role("link", name="Anonymous feedback").click()
    page.get_by_label("Content (1 = poor, 5 = excellent)").select_option("5")
    page.get_by_label("Breakout sessions (1 = poor, 5 = excellent)").select_option("4")
    page.get_by_label("Comments").fill("More time for posters <b>please</b>")
    page.get_by_label("Comments").press("Tab")
    # The honeypot is skipped by the keyboard: the next stop is the submit button.
    assert page.evaluate("document.activeElement.textContent") == "Send feedback"
    page.keyboard.press("Enter")
    assert page.get_by_role("status").text_content() == "Your feedback was received anonymously."
    assert list(Feedback.objects.values_list("content_rating", "breakout_rating", "comments")) == [
        (5, 4, "More time for posters please")
    ]


def test_a_bot_filling_the_honeypot_is_refused(page, db):
    factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025", name="SLLM 2025")
    page.goto("/sllm-2025/feedback/")
    page.get_by_label("Comments").fill("buy now")
    page.locator("input[name=website]").fill("http://spam.example", force=True)
    page.get_by_role("button", name="Send feedback").click()
    assert page.get_by_role("alert").text_content() == "The form was not accepted."
    assert Feedback.objects.count() == 0
