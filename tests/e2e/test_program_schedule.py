import pytest
from django.core.cache import cache

from tests import factories
from tests.website.helpers import released_program

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def program(db):
    edition = factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025", name="SLLM 2025")
    track = factories.TrackFactory(edition=edition, kind="main")
    released_program(edition, track)
    return edition


def slot_times(page):
    return page.locator(".slot-time").evaluate_all(
        "nodes => nodes.map(n => Array.from(n.querySelectorAll(':scope > time')).map(t => t.textContent).join('-'))"
    )


def test_schedule_in_the_edition_zone_then_switched_without_javascript(browser, live_server, program):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/sllm-2025/schedule/")
    assert slot_times(page) == ["11:00-12:00", "13:00-13:35", "13:35-13:55"]
    page.get_by_label("Show times in").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/schedule/?tz=Asia%2FTokyo")
    assert slot_times(page) == ["19:00-20:00", "21:00-21:35", "21:35-21:55"]
    assert page.locator(".slot-home-time").all_text_contents() == [
        "11:00–12:00 Africa/Lagos",
        "13:00–13:35 Africa/Lagos",
        "13:35–13:55 Africa/Lagos",
    ]
    context.close()


def test_my_time_zone_link_uses_the_browsers_zone(browser, live_server, program):
    context = browser.new_context(base_url=live_server.url, timezone_id="America/Los_Angeles")
    page = context.new_page()
    page.goto("/sllm-2025/schedule/")
    page.get_by_role("link", name="Use my time zone (America/Los_Angeles)").click()
    page.wait_for_url("**/schedule/?tz=America%2FLos_Angeles")
    assert slot_times(page) == ["03:00-04:00", "05:00-05:35", "05:35-05:55"]
    assert page.get_by_label("Show times in").input_value() == "America/Los_Angeles"
    context.close()
