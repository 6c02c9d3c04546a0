import pytest
from django.core.cache import cache

from sllm.program import services
from sllm.submissions.models import Paper
from tests import factories
from tests.pdfs import pdf_upload
from tests.website.helpers import released_program

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_posters_page_shows_boards_and_rendered_thumbnails(page, db):
    edition = factories.EditionFactory(slug="sllm-2025", short_name="SLLM 2025", name="SLLM 2025")
    track = factories.TrackFactory(edition=edition, kind="main")
    released_program(edition, track, papers=2)
    services.presenter_materials_save(paper=Paper.objects.get(number=200), uploads={"poster": pdf_upload(body_pages=1)})
    page.goto("/sllm-2025/posters/")
    cards = page.locator("#poster-session-1 ~ .poster-grid .poster-card")
    assert cards.evaluate_all(
        "cs => cs.map(c => [c.querySelector('.board-number').textContent, c.querySelector('h3').textContent])"
    ) == [["Board 1", "Poster paper 0"], ["Board 2", "Poster paper 1"]]
    image = page.get_by_role("img", name="Poster of “Poster paper 0”")
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight > img.naturalWidth]") == [360, True]
    assert page.locator(".poster-missing").all_text_contents() == ["Poster not uploaded yet"]
    page.get_by_role("link", name="Poster paper 1").click()
    page.wait_for_url("**/sllm-2025/papers/201/")
    assert page.get_by_role("heading", level=1).text_content() == "Poster paper 1"
