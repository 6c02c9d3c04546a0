import pytest
from django.core.cache import cache

from sllm.submissions.models import Paper
from tests import factories
from tests.program.factories import RoomFactory, SessionFactory, SpeakerFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Pages, site versions and rate limits live in this test run's own Redis db.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def room(edition):
    return RoomFactory(edition=edition, name="Main hall")


@pytest.fixture
def session(edition):
    return SessionFactory(edition=edition, title="Morning talks")


@pytest.fixture
def speaker(edition):
    return SpeakerFactory(edition=edition, name="Atlas Wang")


def accepted_paper(track, *, number, presentation="poster", authors=("Ada Lovelace",), topics=None, title=None):
    paper = factories.PaperFactory(
        track=track,
        number=number,
        status=Paper.Status.ACCEPTED,
        presentation=presentation,
        title=title or f"Sparse paper {number}",
        topics=topics or [factories.TOPICS[1]],
    )
    for position, name in enumerate(authors, start=1):
        factories.AuthorshipFactory(paper=paper, position=position, name=name)
    return paper
