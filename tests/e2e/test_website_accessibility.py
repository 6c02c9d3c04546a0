import json
from pathlib import Path

import pytest
from django.core.cache import cache

from sllm.program import services
from sllm.submissions.models import Paper
from sllm.workshops.services import community_channel_save
from tests import factories
from tests.pdfs import pdf_upload
from tests.website.helpers import released_program

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
PAGES = [
    "/sllm-2025/",
    "/sllm-2025/call-for-papers/",
    "/sllm-2025/schedule/",
    "/sllm-2025/schedule/?tz=Asia/Tokyo",
    "/sllm-2025/papers/",
    "/sllm-2025/papers/?topic=Parameter+Sparsity%2FPruning",
    "/sllm-2025/papers/100/",
    "/sllm-2025/papers/200/",
    "/sllm-2025/posters/",
    "/sllm-2025/speakers/",
    "/sllm-2025/organizers/",
    "/sllm-2025/recordings/",
    "/sllm-2025/awards/",
    "/sllm-2025/breakouts/",
    "/sllm-2025/breakout-groups/",
    "/sllm-2025/community/",
    "/sllm-2025/feedback/",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def site(db):
    edition = factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025", name="SLLM 2025")
    track = factories.TrackFactory(edition=edition, kind="main")
    released_program(edition, track, papers=2)
    services.presenter_materials_save(
        paper=Paper.objects.get(number=200),
        uploads={"poster": pdf_upload()},
        recording_url="https://www.youtube.com/watch?v=abc123",
    )
    services.breakout_outcome_save(edition=edition, title="Group A", summary="- an idea", published=True)
    services.breakout_group_save(
        edition=edition, topic=edition.topics[0], title="Routing", questions=["Which experts can go?"], capacity=8
    )
    community_channel_save(edition=edition, kind="chat", name="SLLM Discord", url="https://discord.example.org/sllm")
    factories.grant(factories.UserFactory(email="chair@example.org", full_name="Yani Ioannou"), edition, "organizer")
    return edition


def serious_violations(page) -> list:
    # Evaluated through the browser's debugging protocol, not as an inline <script>: the site's CSP
    # (script-src 'self') refuses inline scripts, and the test must not weaken it to run axe.
    page.evaluate(AXE)
    result = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return json.loads(json.dumps(result))


@pytest.mark.parametrize("width", [1200, 375])
def test_every_public_page_passes_axe_and_fits_the_screen(browser, live_server, site, width):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
    page = context.new_page()
    found = {}
    for path in PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        found[path] = {
            "axe": serious_violations(page),
            "overflow": page.evaluate("document.documentElement.scrollWidth > window.innerWidth"),
        }
    context.close()
    assert found == {path: {"axe": [], "overflow": False} for path in PAGES}


def test_recording_player_loads_only_after_a_click(page, site):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto("/sllm-2025/papers/200/")
    assert (page.locator("iframe").count(), [u for u in requests if "youtube" in u]) == (0, [])
    button = page.locator(".player-load button")
    assert button.text_content() == "Play here: Poster paper 0 (loads the player from youtube-nocookie.com)"
    button.click()
    assert page.locator("iframe").get_attribute("src") == "https://www.youtube-nocookie.com/embed/abc123"
