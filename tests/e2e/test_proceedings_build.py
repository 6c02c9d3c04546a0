import pytest
from django.core.cache import cache

from sllm.proceedings.models import Build
from tests import factories
from tests.e2e.conftest import log_in
from tests.proceedings.conftest import submit_camera_ready

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_organizer_builds_the_volume_from_the_dashboard(page, edition, main_track, tiny_track, organizer, author):
    cache.clear()
    paper = factories.PaperFactory(
        track=main_track, edition=edition, number=1, title="Pruning at scale", status="accepted", submitted_by=author
    )
    factories.AuthorshipFactory(paper=paper, position=1, name="Ada Lovelace", institution="Oxford")
    submit_camera_ready(paper, author)
    log_in(page, organizer.email, factories.PASSWORD)
    page.goto(f"/organize/{edition.slug}/")
    page.get_by_role("link", name="Proceedings").click()
    assert page.get_by_role("heading", level=2, name="Camera-ready: 1 of 1 accepted papers ready").is_visible()
    page.get_by_role("button", name="Build the proceedings").click()
    page.wait_for_selector("#build-state:text('Succeeded')")
    assert page.locator("#build-bar").get_attribute("value") == "100"
    build = Build.objects.get()
    assert (build.status, build.message) == ("succeeded", f"Built 1 papers, {build.result['pages']} pages.")
