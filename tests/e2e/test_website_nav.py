import os

import pytest

from tests import factories
from tests.e2e.conftest import log_in
from tests.e2e.test_website_accessibility import serious_violations, site  # noqa: F401 -- fixtures shared with the accessibility tests

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1200, 375])
def test_a_reviewing_organizer_finds_review_mentoring_and_dashboard_in_the_header(page, site, width):  # noqa: F811 -- `site` is the shared fixture imported above
    person = factories.UserFactory(email="both@example.org", full_name="Both Roles")
    for kind in ("reviewer", "organizer"):
        factories.grant(person, site, kind)
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, "both@example.org", factories.PASSWORD)
    page.goto("/sllm-2025/schedule/")
    header = page.get_by_role("navigation", name="Main")
    names = [link.inner_text() for link in header.get_by_role("link").all()]
    violations = serious_violations(page)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/nav-{width}.png")
    header.get_by_role("link", name="Dashboard").click()
    assert (names, violations, overflow, page.url.endswith("/organize/sllm-2025/")) == (
        [
            "Schedule",
            "Papers",
            "Posters",
            "Speakers",
            "Recordings",
            "Breakout groups",
            "My papers",
            "Review",
            "Mentoring",
            "Dashboard",
        ],
        [],
        False,
        True,
    )
