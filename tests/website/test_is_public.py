"""Every public page and API asks the same question, workshops.selectors.workshop_get_public: an edition
that is not public does not exist for visitors, whichever door they knock on.

The leak: news, travel grants, live Q&A and the tracks API fetched the edition by slug alone, so an
unpublished edition's news, sponsors, questions and deadlines were readable by anyone who knew its slug.
"""

import datetime as dt

import pytest
from django.utils import timezone

from sllm.core.sitecache import site_cache_bump
from sllm.news.models import NewsItem
from sllm.program.models import Room, Session, Slot
from sllm.workshops.models import Edition
from tests.website.helpers import released_program

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/{slug}/",
    "/{slug}/papers/",
    "/{slug}/schedule/",
    "/{slug}/news/",
    "/{slug}/news/opening/",
    "/{slug}/news/feed.atom",
    "/{slug}/travel-grants/",
    "/{slug}/feedback/",
    "/{slug}/live/{uid}/",
    "/{slug}/live/{uid}/questions.json",
    "/{slug}/live/{uid}/now/",
    "/api/v1/editions/{slug}/",
    "/api/v1/editions/{slug}/tracks/",
    "/api/v1/program/{slug}/schedule/",
]


@pytest.fixture
def edition(edition, main_track):
    released_program(edition, main_track)
    NewsItem.objects.create(
        edition=edition,
        slug="opening",
        title="Opening",
        body="Hello",
        body_html="<p>Hello</p>",
        published_at=timezone.now() - dt.timedelta(hours=1),
    )
    room = Room.objects.create(edition=edition, name="Hall 4")
    session = Session.objects.create(edition=edition, title="Talks", order=9)
    start = timezone.now()
    slot = Slot.objects.create(
        session=session, room=room, kind="invited", title="A talk", start=start, end=start + dt.timedelta(minutes=30)
    )
    return edition, slot


def _urls(edition, slot) -> list[str]:
    return [page.format(slug=edition.slug, uid=slot.uid) for page in PUBLIC_PAGES]


def test_a_public_edition_answers_on_every_public_door(client, edition):
    edition, slot = edition

    assert {url: client.get(url).status_code for url in _urls(edition, slot)} == dict.fromkeys(
        _urls(edition, slot), 200
    )


def test_an_unpublished_edition_is_not_found_on_any_public_door(client, edition):
    edition, slot = edition
    Edition.objects.filter(pk=edition.pk).update(is_public=False)
    site_cache_bump(edition)

    answers = {url: client.get(url).status_code for url in _urls(edition, slot)}
    asked = client.post(f"/{edition.slug}/live/{slot.uid}/ask/", {"text": "Still there?", "website": ""})

    assert answers == dict.fromkeys(_urls(edition, slot), 404)
    assert asked.status_code == 404
    assert slot.questions.count() == 0
