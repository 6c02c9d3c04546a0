import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from sllm.program.models import Room, Session, Slot


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters and cached payloads live in this suite's own Redis database.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def room(edition):
    return Room.objects.create(edition=edition, name="Hall 4", livestream_url="https://stream.example.org/hall4")


@pytest.fixture
def session(edition):
    return Session.objects.create(edition=edition, title="Morning talks", order=1)


def make_slot(session, room, kind="invited", title="Sparse attention at scale", minutes=0):
    start = timezone.now() + dt.timedelta(minutes=minutes)
    return Slot.objects.create(
        session=session, room=room, kind=kind, title=title, start=start, end=start + dt.timedelta(minutes=35)
    )


@pytest.fixture
def slot(session, room):
    return make_slot(session, room)
